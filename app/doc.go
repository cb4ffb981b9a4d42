// Package app is the kiosk's logic without a window: the citizen session and
// its lifecycle (attract → home → in-service → ending, the idle warning with
// its countdown, the wipe of every citizen datum), the screens a session
// moves through, and the small interfaces the kiosk needs from its devices.
//
// app never imports Fyne. The screens package renders the Snapshot a Session
// publishes and sends the citizen's intents back (Touch, Start, Open, Back,
// Extend, Finish, Cancel), so every flow is testable with a fake clock and
// no window. What a citizen does within a session — apply for a service,
// look up progress or licenses, give feedback, call staff — is a journey
// (app/journey): its steps, rules and slow work, with a masked snapshot.
// app/kiosk builds the whole kiosk from its configuration, the same way for
// `hallkiosk run`, the demo and the tests.
package app
