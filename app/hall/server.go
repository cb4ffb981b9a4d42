package hall

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
)

// ServerOptions are what the embedded hall bus is started with.
type ServerOptions struct {
	// Listen is the client address, host:port ("0.0.0.0:4222" on the hall
	// LAN; port 0 picks a free one).
	Listen string
	// Terminals, when not nil, are the only terminals let in, each with its
	// role's permissions for its own id. Nil is a server that asks for no
	// credentials (a demo, a test, a closed hall LAN).
	Terminals *Terminals
	// Local are terminals of this process (the window terminal that embeds
	// the server, the directory of `hall serve`): with Terminals, each
	// gets a fresh key known only here; connect them with LocalOptions.
	Local []Terminal
	// TLS, when set, makes clients use TLS.
	TLS *TLSFiles
	// LeafListen, when set, accepts leaf-node links of other halls here (a
	// city's central server).
	LeafListen string
	// LeafRemotes link this hall's server to a central cluster as a leaf
	// node ("nats-leaf://central:7422").
	LeafRemotes []string
	// LeafCreds is the credentials file of the link to the central
	// cluster, if it asks for one.
	LeafCreds string
	// Log hears the server's notices and errors.
	Log *slog.Logger
}

// TLSFiles are the PEM files of a TLS setup. A server needs Cert and Key
// (CA to ask clients for certificates of its own CA); a client needs CA
// to trust a private CA, and Cert and Key when the server asks for them.
type TLSFiles struct {
	Cert string `toml:"cert"`
	Key  string `toml:"key"`
	CA   string `toml:"ca"`
}

// Server is the hall bus embedded in this process: a NATS server.
type Server struct {
	ns    *server.Server
	local map[string]nkeys.KeyPair
	leaf  string // host:port of leaf links, "" without
}

// StartServer starts the embedded hall bus and waits until it accepts
// connections.
func StartServer(o ServerOptions) (*Server, error) {
	host, port, err := splitHostPort(o.Listen, 4222)
	if err != nil {
		return nil, fmt.Errorf("hall: listen: %w", err)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "hallkiosk-" + strconv.Itoa(port),
		Host:       host, Port: port,
		NoSigs: true, NoLog: o.Log == nil,
		MaxPayload:   MaxMessage,
		PingInterval: 10 * time.Second, MaxPingsOut: 3,
	}
	s := &Server{local: map[string]nkeys.KeyPair{}}
	users := []*server.NkeyUser{}
	for _, t := range o.Local {
		kp, err := nkeys.CreateUser()
		if err != nil {
			return nil, fmt.Errorf("hall: local key: %w", err)
		}
		pub, _ := kp.PublicKey()
		s.local[t.ID] = kp
		users = append(users, &server.NkeyUser{Nkey: pub, Permissions: Permissions(t.Role, t.ID)})
	}
	if o.Terminals != nil {
		if err := o.Terminals.Check(); err != nil {
			return nil, err
		}
		for _, t := range o.Terminals.Terminal {
			users = append(users, &server.NkeyUser{Nkey: t.NKey, Permissions: Permissions(t.Role, t.ID)})
		}
	}
	if o.Terminals != nil {
		// A hall that lists its terminals lets in nobody else; without a
		// list the server asks for no credentials, and the local
		// terminals connect without a key too.
		opts.Nkeys = users
	} else {
		s.local = map[string]nkeys.KeyPair{}
	}
	if o.TLS != nil {
		cfg, err := serverTLS(*o.TLS)
		if err != nil {
			return nil, err
		}
		opts.TLSConfig, opts.TLS, opts.TLSTimeout = cfg, true, 2
		opts.TLSVerify = o.TLS.CA != ""
	}
	if o.LeafListen != "" {
		h, p, err := splitHostPort(o.LeafListen, 7422)
		if err != nil {
			return nil, fmt.Errorf("hall: leaf listen: %w", err)
		}
		if p == 0 {
			// The server reads port 0 as "no leaf nodes": pick a free one.
			if p, err = freePort(h); err != nil {
				return nil, fmt.Errorf("hall: leaf listen: %w", err)
			}
		}
		opts.LeafNode.Host, opts.LeafNode.Port = h, p
		s.leaf = net.JoinHostPort(h, strconv.Itoa(p))
	}
	for _, r := range o.LeafRemotes {
		u, err := url.Parse(r)
		if err != nil {
			return nil, fmt.Errorf("hall: leaf remote: %w", err)
		}
		opts.LeafNode.Remotes = append(opts.LeafNode.Remotes, &server.RemoteLeafOpts{URLs: []*url.URL{u}, Credentials: o.LeafCreds})
	}
	if len(opts.LeafNode.Remotes) > 0 {
		opts.LeafNode.ReconnectInterval = time.Second
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("hall: server: %w", err)
	}
	if o.Log != nil {
		ns.SetLoggerV2(slogLogger{o.Log}, false, false, false)
	}
	ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		return nil, fmt.Errorf("hall: server on %s did not start", o.Listen)
	}
	s.ns = ns
	return s, nil
}

// URL is the address clients connect to (loopback when the server
// listens on every address).
func (s *Server) URL() string {
	addr := s.ns.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	scheme := "nats"
	if s.ns.ClientURL()[:3] == "tls" {
		scheme = "tls"
	}
	return scheme + "://" + net.JoinHostPort(host, strconv.Itoa(addr.Port))
}

// LeafURL is where other halls' servers link as leaf nodes, "" when the
// server takes no leaf links.
func (s *Server) LeafURL() string {
	if s.leaf == "" {
		return ""
	}
	h, p, _ := net.SplitHostPort(s.leaf)
	if ip := net.ParseIP(h); ip != nil && ip.IsUnspecified() {
		h = "127.0.0.1"
	}
	return "nats-leaf://" + net.JoinHostPort(h, p)
}

// LeafLinks is how many leaf-node links the server has now.
func (s *Server) LeafLinks() int { return s.ns.NumLeafNodes() }

// LocalOptions are the options a local terminal (ServerOptions.Local)
// connects with: in process, under its own fresh key.
func (s *Server) LocalOptions(id string) []nats.Option {
	opts := []nats.Option{nats.InProcessServer(s.ns)}
	if kp, ok := s.local[id]; ok {
		pub, _ := kp.PublicKey()
		opts = append(opts, nats.Nkey(pub, kp.Sign))
	}
	return opts
}

// Close stops the server and waits for it.
func (s *Server) Close() {
	s.ns.Shutdown()
	s.ns.WaitForShutdown()
}

// Permissions are what a terminal of role may do as id: a kiosk publishes
// only its own status, calls, live view and events, hears only what is
// meant for it and the hall's hot list (never publishes one), and answers only requests it was sent; the window (the
// staff's terminal) may do anything on the hall's subjects.
func Permissions(role Role, id string) *server.Permissions {
	if role == RoleWindow {
		return &server.Permissions{
			Publish:   &server.SubjectPermission{Allow: []string{Prefix + ".>", "_INBOX.>"}},
			Subscribe: &server.SubjectPermission{Allow: []string{Prefix + ".>", "_INBOX.>"}},
		}
	}
	return &server.Permissions{
		Publish: &server.SubjectPermission{Allow: []string{
			Subject(KindStatus, id), Subject(KindCall, id), Subject(KindSnap, id),
			Subject(KindEvent, id), Subject(KindEvent, id) + ".>",
			Subject(KindStaff, id), Subject(KindStaffCopy, id),
		}},
		Subscribe: &server.SubjectPermission{Allow: []string{
			Subject(KindCallState, id), Subject(KindWatch, id), Subject(KindHint, id),
			SubjectHot, InboxPrefix(id) + ".>",
		}},
		Response: &server.ResponsePermission{MaxMsgs: 1, Expires: time.Minute},
	}
}

func splitHostPort(hp string, def int) (string, int, error) {
	if hp == "" {
		return "0.0.0.0", def, nil
	}
	h, p, err := net.SplitHostPort(hp)
	if err != nil {
		return "", 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 0 || n > 65535 {
		return "", 0, fmt.Errorf("bad port %q", p)
	}
	if h == "" {
		h = "0.0.0.0"
	}
	return h, n, nil
}

func freePort(host string) (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func serverTLS(f TLSFiles) (*tls.Config, error) {
	cfg, err := server.GenTLSConfig(&server.TLSConfigOpts{CertFile: f.Cert, KeyFile: f.Key, CaFile: f.CA, Verify: f.CA != ""})
	if err != nil {
		return nil, fmt.Errorf("hall: tls: %w", err)
	}
	return cfg, nil
}

// slogLogger hands the server's log lines to slog.
type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Noticef(f string, v ...any) { s.l.Debug(fmt.Sprintf(f, v...)) }
func (s slogLogger) Warnf(f string, v ...any)   { s.l.Warn(fmt.Sprintf(f, v...)) }
func (s slogLogger) Fatalf(f string, v ...any)  { s.l.Error(fmt.Sprintf(f, v...)) }
func (s slogLogger) Errorf(f string, v ...any)  { s.l.Error(fmt.Sprintf(f, v...)) }
func (s slogLogger) Debugf(f string, v ...any)  { s.l.Debug(fmt.Sprintf(f, v...)) }
func (s slogLogger) Tracef(f string, v ...any)  {}
