// Package journey holds a citizen's journey at the kiosk as a value that
// app owns: which steps a service takes and in what order, what each step
// asks and why, what the ID card fills in, whether a value is valid, what
// comes next, and the slow work (identity check, SMS, document capture,
// submission, printing, rating) with its busy state and its failures. The
// screens draw a journey and call its methods; they hold no rule of their
// own.
//
// # Steps and screens
//
// An Apply journey is built from the service's catalog entry and the
// citizen's data: Steps lists them (Identify, Face, Field 1…n, SMS after
// the phone field, Materials, Review, Result), each a typed Step, not a
// string. The coarse stages a citizen is told ("第2步，共4步") come from
// Stage. Each step has its place in the session's screen stack
// (Step.Screen), so the session's Back, idle warning and wipe work as for
// any screen; At tells which step a screen is.
//
// # Slow work
//
// Verify, SendSMS, VerifySMS, Capture, Submit, Print and Rate run in the
// journey's own goroutine (never the UI's), one at a time. While one runs,
// Snapshot().Busy says what ("submit": 正在提交…); when it ends the journey
// moves on, or keeps the citizen's input and records the failure for the
// screen to show and speak. A result that arrives after the citizen left
// (the session ended) is dropped. Close stops and waits for the work.
//
// # Snapshots
//
// Snapshot is a plain, JSON-encodable value of where the citizen is: the
// service, the step and stage, every field's label and masked value, the
// errors in plain words, the busy state and device waits. It holds no
// unmasked ID number, name, phone, address or image: the narration, the
// staff's live view and the funnel figures can all read it.
package journey
