package hall

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"time"

	"github.com/nats-io/nats.go"

	"hallkiosk/internal/logging"
)

// ErrDown reports that the bus is not there now (no server, or no
// terminal answers the subject): the terminal carries on without it.
var ErrDown = errors.New("hall: bus down")

// ClientOptions are how a terminal joins the hall bus.
type ClientOptions struct {
	// URL is the server, "nats://host:4222" or "tls://host:4222"; several
	// separated by commas for a cluster.
	URL string
	// Creds are the terminal's credentials; nil connects without any.
	Creds *Creds
	// TLS names the CA to trust and the client certificate, when used.
	TLS *TLSFiles
	// Terminal and Role are who this terminal is.
	Terminal string
	Role     Role
	// Extra are further options (a local terminal's LocalOptions).
	Extra []nats.Option
	// ReconnectWait is the pause between two tries (1s when zero).
	ReconnectWait time.Duration
	Log           *slog.Logger
}

// Bus is a terminal's connection to the hall bus. It connects in the
// background and reconnects forever; publishing never waits for the
// network (a message is dropped while the bus is down, not queued behind
// the citizen's work), and requests fail at once with ErrDown when there
// is no bus. It is safe for concurrent use.
type Bus struct {
	nc   *nats.Conn
	id   string
	role Role
	log  *slog.Logger
}

// Connect joins the bus. It returns at once, even when the server is not
// there yet: the connection comes up, and comes back, by itself.
func Connect(o ClientOptions) (*Bus, error) {
	if err := CheckTerminalID(o.Terminal); err != nil {
		return nil, err
	}
	if _, err := ParseRole(string(o.Role)); err != nil {
		return nil, err
	}
	log := o.Log
	if log == nil {
		log = logging.Discard()
	}
	wait := o.ReconnectWait
	if wait <= 0 {
		wait = time.Second
	}
	b := &Bus{id: o.Terminal, role: o.Role, log: log}
	opts := []nats.Option{
		nats.Name("hallkiosk " + string(o.Role) + " " + o.Terminal),
		nats.CustomInboxPrefix(InboxPrefix(o.Terminal)),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(wait),
		nats.ReconnectJitter(wait/4, wait/4),
		// No buffer while reconnecting: a status or a live view that
		// could not go is stale by the time the bus is back.
		nats.ReconnectBufSize(-1),
		nats.PingInterval(5 * time.Second), nats.MaxPingsOutstanding(2),
		nats.Timeout(2 * time.Second),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			log.Warn("hall bus down", "err", err)
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("hall bus back", "server", nc.ConnectedUrlRedacted())
		}),
		nats.ConnectHandler(func(nc *nats.Conn) {
			log.Info("hall bus connected", "server", nc.ConnectedUrlRedacted())
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subj := ""
			if sub != nil {
				subj = sub.Subject
			}
			log.Warn("hall bus error", "subject", subj, "err", err)
		}),
	}
	if o.Creds != nil {
		opts = append(opts, o.Creds.opt)
	}
	if o.TLS != nil {
		if o.TLS.CA != "" {
			opts = append(opts, nats.RootCAs(o.TLS.CA))
		}
		if o.TLS.Cert != "" {
			opts = append(opts, nats.ClientCert(o.TLS.Cert, o.TLS.Key))
		}
	}
	opts = append(opts, o.Extra...)
	addr := o.URL
	if addr == "" {
		addr = nats.DefaultURL
	}
	nc, err := nats.Connect(addr, opts...)
	if err != nil {
		return nil, fmt.Errorf("hall: connect %s: %w", redact(addr), err)
	}
	b.nc = nc
	return b, nil
}

// redact drops a password from a URL for an error message.
func redact(u string) string {
	if p, err := url.Parse(u); err == nil && p.User != nil {
		return p.Redacted()
	}
	return u
}

// ID is the terminal's id; Role its role.
func (b *Bus) ID() string { return b.id }

// Role is the terminal's role.
func (b *Bus) Role() Role { return b.role }

// Connected reports whether the bus is up now.
func (b *Bus) Connected() bool { return b.nc.IsConnected() }

// Conn is the NATS connection, for tests and tools.
func (b *Bus) Conn() *nats.Conn { return b.nc }

// Publish sends v as JSON on subject, without waiting; ErrDown when the
// bus is not up.
func (b *Bus) Publish(subject string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("hall: encode %T: %w", v, err)
	}
	if !b.nc.IsConnected() {
		return ErrDown
	}
	if err := b.nc.Publish(subject, data); err != nil {
		return fmt.Errorf("hall: publish %s: %w", subject, err)
	}
	return nil
}

// Request sends v as JSON on subject and decodes the first answer into
// out, within ctx. It fails at once with ErrDown when the bus is down or
// nobody listens on the subject.
func (b *Bus) Request(ctx context.Context, subject string, v, out any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("hall: encode %T: %w", v, err)
	}
	if !b.nc.IsConnected() {
		return ErrDown
	}
	msg, err := b.nc.RequestWithContext(ctx, subject, data)
	switch {
	case errors.Is(err, nats.ErrNoResponders):
		return fmt.Errorf("%w: nobody answers %s", ErrDown, subject)
	case errors.Is(err, nats.ErrConnectionClosed), errors.Is(err, nats.ErrConnectionReconnecting),
		errors.Is(err, nats.ErrReconnectBufExceeded), errors.Is(err, nats.ErrDisconnected):
		return fmt.Errorf("%w: %w", ErrDown, err)
	case err != nil:
		return fmt.Errorf("hall: request %s: %w", subject, err)
	}
	return Decode(msg.Data, out)
}

// Handle calls f with every message on subject (wildcards allowed) that
// is within MaxMessage, one at a time on the subscription's goroutine.
// The subscription stays across reconnects.
func (b *Bus) Handle(subject string, f func(m *nats.Msg)) (*nats.Subscription, error) {
	sub, err := b.nc.Subscribe(subject, func(m *nats.Msg) {
		if len(m.Data) > MaxMessage {
			b.log.Warn("hall bus: message too big, dropped", "subject", m.Subject, "bytes", len(m.Data))
			return
		}
		f(m)
	})
	if err != nil {
		return nil, fmt.Errorf("hall: subscribe %s: %w", subject, err)
	}
	return sub, nil
}

// Reply answers a request message with v as JSON.
func (b *Bus) Reply(m *nats.Msg, v any) error {
	if m.Reply == "" {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("hall: encode %T: %w", v, err)
	}
	if err := m.Respond(data); err != nil {
		return fmt.Errorf("hall: reply on %s: %w", m.Subject, err)
	}
	return nil
}

// Flush waits until the server has seen what was published, within ctx.
func (b *Bus) Flush(ctx context.Context) error {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
	}
	if err := b.nc.FlushWithContext(ctx); err != nil {
		return fmt.Errorf("hall: flush: %w", err)
	}
	return nil
}

// Close leaves the bus.
func (b *Bus) Close() { b.nc.Close() }
