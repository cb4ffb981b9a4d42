// Package portal is the kiosk's side of the portal contract
// (shared/portal-api.md): the wire types shared by the client and the portal
// simulator, and the typed client the kiosk uses to reach the 一网通办 portal.
//
// # Client
//
// New builds a Client from Options (or OptionsFromConfig from the [portal]
// section of the configuration). Every method takes a context and runs under
// its own deadline (Options.Timeout, Options.UploadTimeout for materials), so
// a hung portal never holds a citizen longer than that. Every request carries
// the device token as a bearer token. POSTs that create something carry an
// Idempotency-Key: the caller passes the key the outbox stored with the
// request, and reuses it for every retry.
//
// Plain HTTP is accepted only to a loopback address (the simulator); anything
// else must be HTTPS. When Options.SPKIPins is set, the TLS handshake also
// requires one certificate of the chain to carry a public key whose SHA-256
// (base64) is pinned. A mismatch fails hard with ErrPinMismatch and an error
// log line; there is no fallback.
//
// # Errors
//
// Every failure is an *Error: the operation, the HTTP status (0 when no answer
// arrived), the portal's error code, its message, the Retry-After delay and
// whether a retry may succeed (network errors, timeouts, 408, 425, 429, 5xx
// and 409 request_in_progress are retryable; everything else is permanent).
// Sentinels (ErrUnauthorized, ErrPinMismatch, ErrCertificate, ErrBadResponse,
// ErrTooLarge, ErrNetwork, ErrNotFound, ErrInvalidRequest) are matched with
// errors.Is. A 2xx answer the client cannot read (wrong content type,
// malformed or oversized JSON, missing fields) is ErrBadResponse and counted
// retryable: a captive portal or proxy in the hall's network produces exactly
// that, and the idempotency key makes the retry safe.
//
// # Privacy
//
// ID numbers, names, phone numbers and face images travel only in request
// bodies, never in a URL, a header or a log line. The
// client logs method, route, status, duration and idempotency key at debug
// level, nothing else; portal error messages have long digit runs masked
// before they reach an *Error.
package portal
