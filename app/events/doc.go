// Package events is the kiosk's usage log: small, typed events without
// personal data (a session started or ended, a screen left after so long,
// a journey step reached, a submission, a rating, a feedback topic, a staff
// call, a device fault, a print), appended to SQLite and kept a year. The
// figures of the monthly review (app/figures), the home screen's hot list
// and the heartbeat's stats are read from it.
//
// # Appending
//
// Add never blocks and never touches the disk: it puts the event on an
// in-memory queue and wakes the store's one writer goroutine, which commits
// whatever queued in one transaction. So a screen change on Fyne's
// goroutine costs a mutex and an append, and a burst of events costs one
// commit. Flush waits until everything added before it is on disk. A write
// that fails (a full disk) keeps the events queued and is tried again; the
// queue is bounded (Options.MaxQueue), and what is dropped beyond it is
// counted and logged.
//
// # No personal data
//
// An event holds codes, never words a citizen typed: every text field is
// cut to a short code of ASCII letters, digits and "_-.:@/" (Clean), and a
// field with seven digits or more in a row (an ID or phone number) is
// emptied. The screens' search text, a form's values and a card's data have
// no field to go into.
//
// # Rollups
//
// Next to the events the writer keeps a daily rollup: per local day,
// kiosk, service, metric and key, a count and a total (milliseconds of
// dwell, of waiting), and the same per calendar month. Both are updated in
// the same transaction as the events they sum, so they are never ahead of
// or behind them: the figures of a month read a few thousand monthly
// rows instead of half a million events, a week or a day the daily rows.
// Medians, which no sum gives, are read from the events through partial
// indexes that hold only the dwell events.
//
// # A hall of kiosks
//
// Each kiosk numbers its own events (Seq, from 1, never reused). The
// window terminal keeps the events of every kiosk in the same kind of
// store: Ingest takes a kiosk's events and is idempotent on (kiosk, seq),
// so a batch delivered twice counts once, and Last tells a kiosk from which
// number to deliver again. Counter holds the numbers of the offline
// counters that staff enter per day, for 网办占比.
//
// # Retention
//
// Events and daily rollups older than Options.Keep (a year and a day by
// default) are deleted by the writer every six hours and at Open; a
// monthly rollup goes with the month the cut falls in.
package events
