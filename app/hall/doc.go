// Package hall is the hall bus: the kiosks and the window terminal of one
// service hall talking over NATS. No Fyne here; the window's screens draw
// what Window holds and call its methods.
//
// # Subjects
//
// Every subject is hall.<kind>.<terminal id> (Subject), so the server's
// permissions can let a kiosk publish only as itself and hear only what is
// meant for it: status, call, snap and event go from a kiosk; callstate,
// watch and hint go to it; hall.directory is asked of the window or `hall
// serve`. Messages are the JSON of this package's structs (Status, Call,
// CallAck, CallUpdate, Watch, LiveView, Hint, Directory); a reader drops a
// message over MaxMessage and takes the terminal from the subject, never
// from the message. docs/hall.md lists them with their permissions, for
// whoever adds a subject.
//
// # Terminals and credentials
//
// Bus (Connect) is one terminal's connection: it comes up in the
// background, reconnects forever, never queues while the bus is down (a
// stale status is worth nothing), and fails a request at once with ErrDown
// when there is no bus or nobody listens. A citizen never waits for it.
// Credentials are an nkey seed (WriteSeed, `hallkiosk hall creds`) or a
// NATS .creds file, in a 0600 file (LoadCreds refuses one others may
// read). The server's terminals file lists each terminal's id, role and
// public key; Permissions turns a role and id into what the server allows.
//
// # Server
//
// StartServer embeds a NATS server: the window terminal's by default, or
// `hallkiosk hall serve` alone. It can accept leaf-node links of other
// halls (a city's central server) or link to a central cluster itself.
// A hall may use its own nats-server instead (docs/hall.md has configs).
//
// # Kiosk and window
//
// Agent is a kiosk on the bus: its status every interval (devices, outbox,
// faults with their time), its calls (Call returns only once the window
// stored it; app.ErrNoStaffLink when there is no window), a device fault
// that needs staff raising a call by itself, the live view while a window
// watches (sent within a poll of 100 ms of a change, or at once on
// Changed), and the window's pointing. Window is the 网办优先窗口: the
// Roster of terminals, calls stored in its own SQLite file (CallStore:
// open calls survive a restart) before they are acknowledged, accepted
// and closed by staff, and the live views it watches.
package hall
