package portal

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"hallkiosk/app/config"
	"hallkiosk/internal/logging"
)

// Default limits and deadlines of a Client.
const (
	DefaultTimeout       = 15 * time.Second
	DefaultUploadTimeout = 2 * time.Minute
	DefaultMaxJSONBytes  = 4 << 20
	DefaultMaxPDFBytes   = 32 << 20
	// MaxMaterialBytes is the largest material the contract accepts.
	MaxMaterialBytes = 20 << 20
)

// Options configure a Client.
type Options struct {
	// BaseURL is the portal's base address, e.g. https://zwfw.example.gov.cn.
	// Plain http is accepted only for a loopback host.
	BaseURL string
	// Token is the device token sent as a bearer token.
	Token string
	// SPKIPins are base64 SHA-256 hashes of pinned public keys (an optional
	// "sha256/" prefix is accepted). Empty means no pinning.
	SPKIPins []string
	// RootCAs replaces the system roots, e.g. for a private portal CA.
	RootCAs *x509.CertPool
	// Timeout is the deadline of one call (default DefaultTimeout).
	Timeout time.Duration
	// UploadTimeout is the deadline of one material upload (default
	// DefaultUploadTimeout).
	UploadTimeout time.Duration
	// Transport replaces the built-in transport (tests). It cannot be
	// combined with SPKIPins or RootCAs.
	Transport http.RoundTripper
	// Logger receives debug lines per call and the pin-mismatch error.
	Logger *slog.Logger
	// Now is the clock used for Retry-After dates (default time.Now).
	Now func() time.Time
	// UserAgent is sent on every call (default "hallkiosk").
	UserAgent string
	// MaxJSONBytes and MaxPDFBytes bound answers (defaults
	// DefaultMaxJSONBytes, DefaultMaxPDFBytes).
	MaxJSONBytes int64
	MaxPDFBytes  int64
}

// OptionsFromConfig returns the Options of the [portal] configuration
// section and the answer limits of [limits]. The caller adds Logger and
// UserAgent.
func OptionsFromConfig(c config.Config) Options {
	p := c.Portal
	return Options{BaseURL: p.URL, Token: p.Token, SPKIPins: p.SPKIPins, Timeout: p.Timeout.D(),
		MaxJSONBytes: int64(c.Limits.PortalJSONMB) << 20, MaxPDFBytes: int64(c.Limits.PortalPDFMB) << 20}
}

// Client is a typed client of the portal API. It is safe for concurrent use.
type Client struct {
	base          *url.URL
	token         string
	hc            *http.Client
	log           *slog.Logger
	now           func() time.Time
	timeout       time.Duration
	uploadTimeout time.Duration
	userAgent     string
	maxJSON       int64
	maxPDF        int64

	mu      sync.Mutex
	catETag string
	cat     *Catalog
}

// New returns a Client for o.
func New(o Options) (*Client, error) {
	base, err := checkBaseURL(o.BaseURL)
	if err != nil {
		return nil, err
	}
	if o.Token == "" {
		return nil, fmt.Errorf("portal: no device token configured (config [portal] token or HALLKIOSK_PORTAL_TOKEN)")
	}
	c := &Client{
		base: base, token: o.Token, log: o.Logger, now: o.Now,
		timeout: o.Timeout, uploadTimeout: o.UploadTimeout, userAgent: o.UserAgent,
		maxJSON: o.MaxJSONBytes, maxPDF: o.MaxPDFBytes,
	}
	if c.log == nil {
		c.log = logging.Discard()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.timeout <= 0 {
		c.timeout = DefaultTimeout
	}
	if c.uploadTimeout <= 0 {
		c.uploadTimeout = DefaultUploadTimeout
	}
	if c.userAgent == "" {
		c.userAgent = "hallkiosk"
	}
	if c.maxJSON <= 0 {
		c.maxJSON = DefaultMaxJSONBytes
	}
	if c.maxPDF <= 0 {
		c.maxPDF = DefaultMaxPDFBytes
	}
	rt := o.Transport
	if rt == nil {
		t, err := newTransport(o.SPKIPins, o.RootCAs, c.log)
		if err != nil {
			return nil, err
		}
		rt = t
	} else if len(o.SPKIPins) > 0 || o.RootCAs != nil {
		return nil, fmt.Errorf("portal: SPKI pins and root CAs need the built-in transport")
	}
	c.hc = &http.Client{
		Transport: rt,
		// A redirect is not part of the contract; following one could
		// carry a body with personal data somewhere else.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// BaseURL returns the portal's base address.
func (c *Client) BaseURL() string { return c.base.String() }

// NewKey returns a fresh Idempotency-Key (a random UUID). The outbox calls
// it once per request and stores the result.
func NewKey() string { return uuid.NewString() }

// checkBaseURL accepts https, and http only to a loopback host.
func checkBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("portal: no portal address configured")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("portal: portal address: %w", err)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("portal: plain http is allowed only to loopback, not %s", u.Host)
		}
	default:
		return nil, fmt.Errorf("portal: portal address %q: want https://", raw)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("portal: portal address %q has no host", raw)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newTransport clones the default transport with TLS 1.2+, optional roots
// and optional SPKI pinning.
func newTransport(pins []string, roots *x509.CertPool, log *slog.Logger) (*http.Transport, error) {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots}
	t.MaxIdleConnsPerHost = 4
	if len(pins) > 0 {
		verify, err := pinVerifier(pins, log)
		if err != nil {
			return nil, err
		}
		t.TLSClientConfig.VerifyConnection = verify
	}
	return t, nil
}

// call is one request.
type call struct {
	op          string
	method      string
	path        string // below the base URL, unescaped; ids checked by validID
	body        []byte
	contentType string
	key         string // Idempotency-Key
	identity    string // X-Identity-Token
	header      map[string]string
	upload      bool
	limit       int64
}

// do sends cl under the call's deadline and returns the answer read up to
// cl.limit bytes. Transport failures come back as *Error.
func (c *Client) do(ctx context.Context, cl call) (answer, error) {
	timeout := c.timeout
	if cl.upload {
		timeout = c.uploadTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	u := *c.base
	u.Path += cl.path
	u.RawPath = ""
	var body io.Reader = http.NoBody
	if cl.body != nil {
		body = bytes.NewReader(cl.body)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, u.String(), body)
	if err != nil {
		return answer{}, &Error{Op: cl.op, Err: fmt.Errorf("%w: %w", ErrInvalidRequest, err)}
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", ContentJSON)
	if cl.contentType != "" {
		req.Header.Set("Content-Type", cl.contentType)
	}
	if cl.key != "" {
		req.Header.Set("Idempotency-Key", cl.key)
	}
	if cl.identity != "" {
		req.Header.Set("X-Identity-Token", cl.identity)
	}
	for k, v := range cl.header {
		req.Header.Set(k, v)
	}
	start := c.now()
	resp, err := c.hc.Do(req)
	if err != nil {
		e := transportError(cl.op, err)
		c.log.Debug("portal call failed", "op", cl.op, "method", cl.method, "route", routeOf(cl.path),
			"key", cl.key, "err", e.Err, "dur_ms", c.now().Sub(start).Milliseconds())
		return answer{}, e
	}
	a, err := readAnswer(resp, cl.limit)
	if err != nil {
		return answer{}, transportError(cl.op, err)
	}
	if cl.contentType == ContentJSON {
		a.sent = cl.body
	}
	c.log.Debug("portal call", "op", cl.op, "method", cl.method, "route", routeOf(cl.path),
		"status", a.status, "key", cl.key, "replayed", replayed(a),
		"dur_ms", c.now().Sub(start).Milliseconds())
	return a, nil
}

// transportError classifies a failure without an answer.
func transportError(op string, err error) *Error {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.Is(err, ErrPinMismatch):
		return &Error{Op: op, Err: err}
	case errors.As(err, &unknown), errors.As(err, &invalid), errors.As(err, &host), errors.As(err, &verify):
		return &Error{Op: op, Err: fmt.Errorf("%w: %w", ErrCertificate, err)}
	}
	return &Error{Op: op, Retryable: true, Err: fmt.Errorf("%w: %w", ErrNetwork, err)}
}

// routeOf returns the route of a path with identifiers replaced, for logs.
func routeOf(path string) string {
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if i > 0 && (parts[i-1] == "applications" || parts[i-1] == "licenses") && p != "" {
			if strings.HasSuffix(p, ".pdf") {
				parts[i] = "{id}.pdf"
			} else {
				parts[i] = "{id}"
			}
		}
	}
	return strings.Join(parts, "/")
}

// replayed reports whether the portal marked the answer as an idempotent
// replay.
func replayed(a answer) bool {
	return strings.EqualFold(a.header.Get("Idempotent-Replayed"), "true")
}

// requireKey refuses an empty Idempotency-Key where the contract needs the
// stored one.
func requireKey(op, key string) error {
	if key == "" {
		return &Error{Op: op, Err: fmt.Errorf("%w: missing Idempotency-Key", ErrInvalidRequest)}
	}
	return nil
}

// invalid is a client-side refusal.
func invalid(op, format string, args ...any) error {
	return &Error{Op: op, Err: fmt.Errorf("%w: "+format, append([]any{ErrInvalidRequest}, args...)...)}
}

// validID checks an identifier the portal issued before it goes into a path.
func validID(op, what, id string) error {
	if id == "" || id == "." || id == ".." || len(id) > 128 ||
		strings.ContainsAny(id, "/?#%\\") || strings.ContainsFunc(id, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return invalid(op, "bad %s", what)
	}
	return nil
}
