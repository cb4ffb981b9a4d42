package receipt

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is. The UI turns them into words
// shown and spoken to the citizen.
var (
	// ErrPaperOut: the printer has no paper. Nothing was sent.
	ErrPaperOut = errors.New("receipt: paper out")
	// ErrCoverOpen: the paper cover is open. Nothing was sent.
	ErrCoverOpen = errors.New("receipt: cover open")
	// ErrCutter: the autocutter failed; needs staff or an engineer.
	ErrCutter = errors.New("receipt: cutter error")
	// ErrHardware: an unrecoverable or mechanical error.
	ErrHardware = errors.New("receipt: hardware error")
	// ErrOffline: the printer reports itself offline (or overheated).
	ErrOffline = errors.New("receipt: printer offline")
	// ErrNoDevice: the port cannot be opened or the device went away.
	ErrNoDevice = errors.New("receipt: no printer")
	// ErrNoReply: the printer did not answer a status request.
	ErrNoReply = errors.New("receipt: printer does not answer")
	// ErrBadReply: a status reply without the fixed bits of DLE EOT.
	ErrBadReply = errors.New("receipt: bad status reply")
	// ErrNoSensibleAnswer: bytes came back, but not one status byte per
	// request: a reply that fails the DLE EOT fixed-bit check, more bytes
	// than were asked for, or a line that never goes quiet. Usually a wrong
	// baud rate, or another device on the port. No status was made up from
	// them.
	ErrNoSensibleAnswer = errors.New("receipt: printer does not answer sensibly")
	// ErrIncomplete: a job stopped or failed after part of it was sent;
	// the receipt may be missing or cut short and should be reprinted.
	ErrIncomplete = errors.New("receipt: job incomplete")
	// ErrClosed: the printer was closed.
	ErrClosed = errors.New("receipt: printer closed")
	// ErrQueueFull: too many jobs are waiting.
	ErrQueueFull = errors.New("receipt: job queue full")
)

// StatusError is a refusal to print because of the printer's state. Nothing
// of the job was sent. It matches its Err sentinel with errors.Is.
type StatusError struct {
	// Status is the state that was read.
	Status Status
	// Err is the sentinel: ErrPaperOut, ErrCoverOpen, ErrCutter, ...
	Err error
}

// Error says why the printer refused, with the staff detail.
func (e *StatusError) Error() string {
	if e.Status.Detail != "" {
		return fmt.Sprintf("%v (%s)", e.Err, e.Status.Detail)
	}
	return e.Err.Error()
}

// Unwrap returns the sentinel.
func (e *StatusError) Unwrap() error { return e.Err }

// JobError is a job that failed after some of its bytes were sent. It
// matches ErrIncomplete and the cause (ErrPaperOut, ErrNoDevice, a context
// error, ...) with errors.Is.
type JobError struct {
	// Sent and Total count the job's bytes.
	Sent, Total int
	// Err is the cause.
	Err error
}

// Error says how far the job got and why it stopped.
func (e *JobError) Error() string {
	return fmt.Sprintf("receipt: job incomplete after %d of %d bytes: %v", e.Sent, e.Total, e.Err)
}

// Unwrap returns ErrIncomplete and the cause.
func (e *JobError) Unwrap() []error { return []error{ErrIncomplete, e.Err} }
