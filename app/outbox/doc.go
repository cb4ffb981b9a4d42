// Package outbox is the kiosk's crash-proof queue of requests for the
// portal: citizens' applications with their materials, ratings and feedback.
// Nothing a citizen confirmed is lost when the hall's network drops, the
// portal fails, or the kiosk loses power, and nothing is submitted twice.
//
// # Storing
//
// Add (and Submit, which also tries to send at once) seals the request with
// AES-256-GCM, assigns its Idempotency-Key (a UUID) once, and commits it to
// SQLite (WAL, synchronous=FULL) before it returns, so the citizen may be
// told 已提交. The key lives in a file (mode 0600, created on first Open)
// outside the database's directory, by default in "<dir>-keys/" beside it,
// so a copy of the data directory does not carry the key that opens it. A
// key whose database is missing or empty is ErrQueueLost, a key that is not
// the queue's own ErrWrongKey: nothing is replaced quietly. Add refuses
// requests over the size limits (Options.Max*). A Receipt says whether the
// portal has acknowledged the application yet: 已受理，受理号 ApplicationID;
// or not: 已保存，网络恢复后自动提交，凭证号 Voucher.
//
// Materials (PDF or JPEG up to 20 MB each) are queued in the same
// transaction as the application that references them, each with its own
// key, ahead of it; the application is sent with the material ids the
// portal returned for them.
//
// # Sending
//
// Run is the sender: one goroutine, owned by the caller and stopped by its
// context, that drains the queue in order. A retryable failure (network,
// timeout, 408, 425, 429, 5xx, 409 request_in_progress, an unreadable 2xx, a
// redirect, a refusal without the portal's error envelope) waits with
// exponential backoff and full jitter (base Options.BaseDelay, cap
// Options.MaxDelay, 5 min by default), at least as long as the portal's
// Retry-After. A permanent failure (another 4xx in the portal's error
// envelope) parks the item with the portal's reason for staff, who may
// Requeue or Discard it. A rejected
// device token or TLS pin blocks the whole queue instead of parking every
// item: the sender keeps retrying at backoff and SenderStatus says why. A
// retry always carries the item's one key, across restarts.
//
// Whatever the portal answers is stored, logged and shown only after the
// personal values the item carries (and, for a material, its application)
// are masked in it (privacy.Redactor). Staff actions (Requeue, Discard, with
// a reason) and the expiry of a parked item's sealed data after
// Options.ParkedRetention are written to the audit table in the same
// transaction as the change.
//
// On acknowledgement the sealed payload is deleted (secure_delete, and the
// WAL is truncated once the queue is empty); a record without personal data
// remains: key, kind, service code, the portal's id, times and attempts.
//
// # Crashes
//
// Every state change is one SQLite transaction. A kill at any instant
// leaves each item either pending with its key (and is resent with that
// key: the portal replays its first answer) or acknowledged. Time, sleep and
// randomness are injected (Options.Now, Sleep, Rand), so backoff is tested
// without waiting.
package outbox
