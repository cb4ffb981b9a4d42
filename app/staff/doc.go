// Package staff is who may act at a terminal on the staff's side: accounts
// with a role and a PIN, the check of a PIN with its lockout, and the login
// of one member of staff at a terminal that ends after two idle minutes.
//
// # Accounts
//
// A Store keeps the accounts in SQLite (staff.db in the state directory,
// 0600). The window terminal's store is the hall's; a kiosk keeps a copy of
// the accounts (Export on the window, Import on the kiosk) so its staff
// menu still opens when the hall bus is down. An account has an id (工号:
// letters, digits, '-' and '_', at most 32), a role and a PIN:
//
//   - RoleAssistant (帮办): act for a citizen at the window, test devices,
//     retry or discard an outbox item, reprint a receipt;
//   - RoleAdmin: all of that, and change the configuration, leave the
//     kiosk.
//
// A PIN is 6 to 12 digits (the kiosk's keypad has digits only), not one
// digit repeated nor a straight run such as 123456. It is never stored,
// logged or passed on the command line: the store keeps its argon2id hash
// (RFC 9106) in the PHC string format
//
//	$argon2id$v=19$m=32768,t=3,p=2$<salt>$<hash>
//
// with a random 16-byte salt per account and a 32-byte hash. The
// parameters (DefaultParams: 3 passes over 32 MiB with 2 lanes) keep a
// check under 300 ms on the hall's two-core machines while costing a thief
// of the file the same per guess; a hash made with other parameters is
// made again at the next good PIN. A six-digit PIN cannot resist a thief
// with the file and time: the file is the kiosk user's own, and the
// lockout guards the keypad.
//
// # Lockout
//
// Five wrong PINs in a row lock the account: for 30 seconds after the
// fifth, and twice as long after every further wrong PIN (at most an
// hour). A locked account's PIN is not even checked until the time is up.
// A good PIN clears the count; so does a new PIN (staff passwd). An unknown
// id costs the same time as a known one and gets the same answer, and the
// id typed is not written down (it may be a PIN typed in the wrong field).
//
// # Logins
//
// A Desk is the one login at a terminal: LogIn checks the PIN (through a
// Checker: the store here, or the window terminal over the hall bus), Do
// checks the role's permission, writes the act to the audit log and counts
// as activity; after Options.Idle (two minutes) without activity the login
// ends by itself. Every login, refusal, logout and act is an audit row
// (app/audit).
package staff
