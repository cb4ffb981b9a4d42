// Package audit is the append-only, hash-chained log of what staff do: every
// login (and every refused PIN), every staff action on a terminal (a device
// test, an outbox item retried or discarded, a receipt reprinted, the kiosk
// left), every access to a citizen's data on a citizen's behalf (帮办).
//
// # The chain
//
// Each row carries the SHA-256 of the row before it (Prev) and its own hash
// (Hash), computed over a fixed encoding of its sequence number, time,
// actor, action, subject, detail and Prev. The first row follows the zero
// hash. The log's head (the last row's number and hash) is kept in the same
// transaction as every append, so rows cut off the end are noticed too.
// Verify walks the rows in order and names the first that breaks the chain:
//
//   - a changed row no longer hashes to its Hash;
//   - a changed row whose Hash was recomputed breaks the next row, whose
//     Prev no longer matches;
//   - a deleted row leaves a gap in the numbers;
//   - an inserted row either does not hash (or not follow), or makes the
//     row after it not follow;
//   - rows deleted or added at the end disagree with the head.
//
// A broken chain is never accepted silently: the program's start checks it
// and says so in the log and to staff (Report.Broken), `hallkiosk audit
// verify` exits 1 naming the row, and the log is never rolled while it is
// broken, so the evidence stays where it was found. New rows are still
// written after a break (following the last row as stored).
//
// The hash is not keyed: anyone who can write the database and recompute
// every hash after a change could rewrite the whole chain. The chain finds
// the change made by hand, a lost write or a restored old copy; the
// database file is the kiosk user's own (0600, in the 0700 state
// directory).
//
// # Rolling
//
// Rows are kept at least six months (MinKeep). Roll moves the rows older
// than the keeping time into an archive file beside the database
// (audit-<first>-<last>.db, same schema), written and synced before the
// rows leave the log; the log then remembers the last archived row's number
// and hash as its base, so the chain stays checkable with or without the
// archives. VerifyAll checks the log and every archive in its directory,
// and that neighbouring archives follow one another.
//
// # Privacy
//
// Rows name staff, devices and queue items, never a citizen: Append masks
// anything shaped like an ID number or phone number in the subject and
// detail (privacy.MaskShapes) and bounds every field. Callers pass masked
// values only (a voucher, an application id, a masked name).
package audit
