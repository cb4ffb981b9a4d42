package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// DefaultFontPath is the CJK font the PDFs are drawn with (Debian package
// fonts-droid-fallback).
const DefaultFontPath = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// Options configure a Server.
type Options struct {
	// Addr is the listen address of Start, e.g. "127.0.0.1:0".
	Addr string
	// DataDir holds portalsim.db. Empty means a temporary directory removed
	// on Close.
	DataDir string
	// Token is the device token the portal accepts. Empty accepts any
	// non-empty bearer token.
	Token string
	// Logger receives one line per request and the SMS codes.
	Logger *slog.Logger
	// Now is the portal's clock (default time.Now). Application progress,
	// expiries and key retention follow it.
	Now func() time.Time
	// Seed seeds the fault and code generator; 0 picks a random seed.
	Seed uint64
	// DemoSMSCode, when set, is the code of every SMS challenge.
	DemoSMSCode string
	// RefuseMethods are identity methods this portal does not accept at
	// all (422 method_not_allowed), e.g. a region without staff_witnessed.
	RefuseMethods []string
	// FontPath is the TTF font of the PDFs (default DefaultFontPath).
	FontPath string
	// Authority is the issuing office printed on PDFs (default
	// "示例市政务服务中心").
	Authority string
	// VerifyURL is the base of the QR codes' links (default
	// "https://zwfw.example.gov.cn").
	VerifyURL string
	// Progress sets how fast applications move on (defaults 30 s, 2 min,
	// 10 min).
	Progress Progress
	// Faults are the initial fault settings.
	Faults Faults
	// NoReward answers first_online without a reward (a hall that gives
	// no 网办有礼 gift).
	NoReward bool
}

// Progress is when a submitted application reaches each status, counted
// from its arrival.
type Progress struct {
	Accepted time.Duration
	InReview time.Duration
	Done     time.Duration
}

// Faults make the simulated portal misbehave.
type Faults struct {
	// FailRate is the share (0–1) of requests answered 500 or 503 at once.
	FailRate float64
	// Latency delays every request.
	Latency time.Duration
	// DropAfterCommit is the share (0–1) of creating requests that commit
	// and then lose the connection before the answer.
	DropAfterCommit float64
	// RateLimit is the number of requests per second above which the
	// portal answers 429 with Retry-After; 0 means no limit.
	RateLimit float64
}

// Server is a running portal simulator.
type Server struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	db      *sql.DB
	tmpDir  string
	catalog []byte
	catETag string
	faq     []byte // guarded by mu (SetFAQ)
	faqETag string
	items   map[string]portal.ServiceItem
	handler http.Handler
	// personKey keys the hashes people are remembered by (firstonline.go).
	personKey []byte

	mu     sync.Mutex
	faults Faults
	rnd    *rand.Rand
	bucket bucket

	font    fontCache
	httpSrv *http.Server
	ln      net.Listener
	done    chan struct{}
	stop    func() bool

	closeOnce sync.Once
	closeErr  error
}

// New opens the simulator's state and builds its handler without listening.
func New(o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = logging.Discard()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.FontPath == "" {
		o.FontPath = DefaultFontPath
	}
	if o.Authority == "" {
		o.Authority = "示例市政务服务中心"
	}
	if o.VerifyURL == "" {
		o.VerifyURL = "https://zwfw.example.gov.cn"
	}
	if o.Progress == (Progress{}) {
		o.Progress = Progress{Accepted: 30 * time.Second, InReview: 2 * time.Minute, Done: 10 * time.Minute}
	}
	if err := checkFaults(o.Faults); err != nil {
		return nil, err
	}
	seed := o.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	s := &Server{
		opts: o, log: logging.Component(o.Logger, "portalsim"), now: o.Now,
		faults: o.Faults, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		font: fontCache{path: o.FontPath},
	}
	cat, err := catalog.Demo()
	if err != nil {
		return nil, fmt.Errorf("portalsim: %w", err)
	}
	s.catalog = catalog.DemoJSON()
	s.catETag = etagOf(s.catalog)
	s.loadDemoFAQ()
	s.items = make(map[string]portal.ServiceItem, len(cat.Items))
	for _, it := range cat.Items {
		s.items[it.Code] = it
	}
	dir := o.DataDir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "portalsim-"); err != nil {
			return nil, fmt.Errorf("portalsim: temp dir: %w", err)
		}
		s.tmpDir = dir
	}
	if s.db, err = openDB(dir); err != nil {
		s.removeTemp()
		return nil, err
	}
	if s.personKey, err = loadPersonKey(context.Background(), s.db); err != nil {
		s.db.Close()
		s.removeTemp()
		return nil, err
	}
	if err := s.seed(context.Background()); err != nil {
		s.db.Close()
		s.removeTemp()
		return nil, err
	}
	if _, err := os.Stat(o.FontPath); err != nil {
		s.log.Warn("PDF font missing: receipts and licenses will fail; install Debian package fonts-droid-fallback",
			"font", o.FontPath)
	}
	s.handler = s.routes()
	return s, nil
}

// Start builds a Server and serves it on o.Addr until Close or until ctx
// ends.
func Start(ctx context.Context, o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	s, err := New(o)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("portalsim: listen %s: %w", o.Addr, err)
	}
	s.ln = ln
	s.httpSrv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.httpSrv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	s.stop = context.AfterFunc(ctx, func() { s.Close() })
	s.log.Info("portal simulator listening", "url", s.URL())
	return s, nil
}

// Handler returns the simulator's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// URL returns the base address of a started Server, e.g.
// http://127.0.0.1:41234, or "" for one built with New.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// SetFaults changes the fault settings; requests already running keep the
// old ones.
func (s *Server) SetFaults(f Faults) error {
	if err := checkFaults(f); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.bucket = bucket{}
	return nil
}

// Close stops serving, waits for the serving goroutine and closes the
// state. A second Close is harmless.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.stop != nil {
			s.stop()
		}
		if s.httpSrv != nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.httpSrv.Shutdown(ctx); err != nil {
				s.httpSrv.Close()
			}
			cancel()
			<-s.done
		}
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("portalsim: close db: %w", err)
		}
		s.removeTemp()
	})
	return s.closeErr
}

func (s *Server) removeTemp() {
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

func checkFaults(f Faults) error {
	if f.FailRate < 0 || f.FailRate > 1 || f.DropAfterCommit < 0 || f.DropAfterCommit > 1 {
		return fmt.Errorf("portalsim: fail rate and drop-after-commit must be between 0 and 1")
	}
	if f.Latency < 0 || f.RateLimit < 0 {
		return fmt.Errorf("portalsim: latency and rate limit must not be negative")
	}
	return nil
}
