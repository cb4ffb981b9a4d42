// Package assist is 帮办代办 at the window terminal: a member of staff
// logged in at the 网办优先窗口 (staff id and PIN, app/staff, ending after
// two idle minutes) starts a citizen's journey on the window's own
// terminal — its ID-card reader and receipt printer, the same journeys
// (app/journey) a kiosk runs — on the citizen's behalf.
//
// # Rules
//
//   - Nobody starts a journey at the window without a login that may
//     assist (staff.PermAssist): Start refuses, and a session begun any
//     other way (a tap on the kiosk screens' attract loop) is ended at
//     once.
//   - The application carries the staff id as assisted_by (AssistedBy is
//     app.Submitter.AssistedBy) and counts as assisted in the figures;
//     the citizen still confirms it on screen (the journey's review step,
//     which no path skips) and proves who they are as the service asks.
//   - Every start and finish is an audit row (assist.start,
//     assist.finish), and so is every access to the citizen's data on
//     their behalf: the card read (citizen.card) and the application
//     stored (citizen.submit, with its 凭证号 or portal key). Rows name
//     the terminal and the session, never the citizen.
//   - The journey ends as on a kiosk, with the wipe: when the citizen or
//     staff finish, on the session's idle timeout, and when the staff
//     login ends (logged out, or idle): then the session is cancelled and
//     everything of the citizen's wiped, so no journey outlives the staff
//     who started it.
//
// Taps and keys on the journey's screens (app.Session.OnTouch) count as
// the staff's activity while it runs.
package assist
