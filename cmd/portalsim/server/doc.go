// Package server is the portal simulator: an HTTP server that speaks the
// whole portal contract of shared/portal-api.md, for demos (`hallkiosk demo`
// embeds it on 127.0.0.1 with a random port) and for tests of the client and
// the outbox.
//
// # Running
//
// Start listens on Options.Addr ("127.0.0.1:0" picks a free port) and serves
// until Close or until its context ends; URL returns the base address to give
// the portal client. New builds a Server without a listener, for
// httptest.NewServer(s.Handler()). State lives in SQLite (portalsim.db in
// Options.DataDir, or a temporary directory removed on Close).
//
// # What it simulates
//
//   - The device token: every call needs "Authorization: Bearer <token>";
//     a wrong or missing one is 401 code "unauthorized". An empty
//     Options.Token accepts any non-empty bearer token.
//   - Idempotency on every POST that creates something (identity sessions,
//     SMS challenges, materials, applications, ratings, feedback): the
//     Idempotency-Key header is required (400 idempotency_key_missing); a
//     replay with the same body answers the first response again with
//     "Idempotent-Replayed: true"; the same key with another body is 422
//     idempotency_key_reuse; the same key while the first request is still
//     being processed is 409 request_in_progress. Keys are kept 48 h. The
//     effect of a request and its stored answer commit in one transaction.
//   - The catalog: the embedded demo catalog of app/catalog, with an ETag.
//   - The FAQ (GET /api/v1/faq): the embedded demo FAQ of app/ask (65
//     questions across the demo services and the hall), with an ETag;
//     SetFAQ publishes another.
//   - Identity: any face is accepted (face_score 0.93) except an image that
//     contains the ASCII marker FaceMismatchMarker, and except the demo
//     identity MismatchIdentity, which always gets 403 face_mismatch.
//     DemoIdentities lists citizens that have applications and licenses.
//   - Identity without a face: method sms_on_file makes a session that is
//     usable only once a code sent with {"to":"on_file"} was verified
//     (PhoneOnFile is the phone held: the demo citizens' own, none for
//     NoPhoneIdentity, who gets 404 no_phone_on_file, a derived 139 number
//     for anyone else); staff_witnessed needs a staff_id. An unknown
//     method, or one in Options.RefuseMethods, is 422 method_not_allowed;
//     so is an application for a requires_face service whose applicant's
//     latest verified session used a method outside its face_alternatives.
//   - SMS: the code is random and written to the log (message "sms code",
//     phone masked), or fixed with Options.DemoSMSCode. Three wrong codes
//     lock the challenge (sms_locked).
//   - Applications progress with the clock: received, then accepted after
//     Progress.Accepted, in_review after Progress.InReview and approved after
//     Progress.Done. One seeded sample of the first demo identity ends in
//     needs_supplement.
//   - PDFs: the 受理回执 of an application and each 电子证照 are real A4 PDFs
//     with Chinese text, a QR code and a seal, drawn with go-pdf/fpdf in the
//     font at Options.FontPath (Debian package fonts-droid-fallback). Without
//     the font the PDF endpoints answer 500 pdf_font_missing, naming the file.
//
// # Faults
//
// Faults (set in Options or later with SetFaults) make the portal misbehave
// for demos and tests: FailRate answers that share of requests with 500 or
// 503 before doing anything; Latency delays every request (for an idempotent
// POST, after its key is reserved, so a concurrent retry sees 409);
// DropAfterCommit commits that share of creating requests and then drops the
// connection without answering; RateLimit answers 429 with Retry-After above
// that many requests per second.
package server
