package metrics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"hallkiosk/app/outbox"
	"hallkiosk/devices"
)

// Sources are what the metrics are read from; a nil one is a part the
// kiosk does not have, and its series are left out.
type Sources struct {
	// Version is the program's version (hallkiosk_build_info).
	Version string
	// Devices report each device's state.
	Devices map[devices.Kind]func() devices.Status
	// Outbox counts the queue.
	Outbox func(ctx context.Context) (outbox.Counts, error)
	// Sessions is the number of citizen sessions since start.
	Sessions func() int
	// Ratings counts ratings by level ("1".."5") since start.
	Ratings func() map[string]int
	// Bus reports the hall bus: whether one is configured and whether it
	// is connected now. A role without a bus client (the window terminal,
	// whose bus is its own) may leave it nil until it has one.
	Bus func() (configured, connected bool)
	// Hall reads the window terminal's figures of the hall bus; nil on a
	// kiosk.
	Hall func(ctx context.Context) (Hall, error)
	// Errors counts error and warning log lines by component.
	Errors *ErrorCounter
	// Now is the clock (tests); nil is time.Now.
	Now func() time.Time
}

// Hall are the window terminal's figures of the hall bus: counts only,
// never a terminal's id.
type Hall struct {
	// Embedded is true when the bus server runs in this process (no
	// [hall] bus configured); ServerUp and Clients are about it then.
	Embedded bool
	ServerUp bool
	Clients  int
	// Kiosks are the kiosks heard within the stale time, Silent those
	// heard before but not since.
	Kiosks, Silent int
	// Calls counts the staff calls not closed yet by state (open,
	// accepted).
	Calls map[string]int
}

// DefaultListen is the address of the metrics endpoint when the
// configuration names none.
const DefaultListen = "127.0.0.1:9464"

var (
	descDevice   = prometheus.NewDesc("hallkiosk_device_state", "1 for the state each device is in now (online, offline, busy, hardware_error, user_error, no_device).", []string{"device", "state"}, nil)
	descDepth    = prometheus.NewDesc("hallkiosk_outbox_depth", "Submissions the portal does not have yet (pending plus parked).", nil, nil)
	descOldest   = prometheus.NewDesc("hallkiosk_outbox_oldest_pending_seconds", "Age of the oldest pending submission; 0 when none waits.", nil, nil)
	descSubs     = prometheus.NewDesc("hallkiosk_submissions", "Submissions in the outbox by result: sent (the portal has it), pending (still being sent), parked (refused by the portal, waiting for staff).", []string{"result"}, nil)
	descOutboxUp = prometheus.NewDesc("hallkiosk_outbox_up", "1 when the outbox could be read at this scrape.", nil, nil)
	descSessions = prometheus.NewDesc("hallkiosk_sessions_total", "Citizen sessions since the kiosk started.", nil, nil)
	descRatings  = prometheus.NewDesc("hallkiosk_ratings_total", "Ratings since the kiosk started, by level 1-5.", []string{"level"}, nil)
	descBus      = prometheus.NewDesc("hallkiosk_bus_connected", "1 when the hall bus is connected, 0 when it is configured but down.", nil, nil)
	descServerUp = prometheus.NewDesc("hallkiosk_bus_server_up", "Window terminal: 1 when the hall bus server embedded in it is up.", nil, nil)
	descClients  = prometheus.NewDesc("hallkiosk_bus_clients", "Window terminal: connections on the embedded hall bus server (terminals, tools and the window itself).", nil, nil)
	descKiosks   = prometheus.NewDesc("hallkiosk_hall_kiosks", "Window terminal: kiosks on the hall bus by state: connected (heard within the stale time) or silent (heard before, not since).", []string{"state"}, nil)
	descCalls    = prometheus.NewDesc("hallkiosk_hall_calls_open", "Window terminal: staff calls not closed yet, by state (open, accepted).", []string{"state"}, nil)
	descHallUp   = prometheus.NewDesc("hallkiosk_hall_up", "Window terminal: 1 when the hall's figures (the call store) could be read at this scrape.", nil, nil)
	descErrors   = prometheus.NewDesc("hallkiosk_errors_total", "Error and warning log lines by component (speech, printing, receipt, a4, portal, outbox …) and level.", []string{"component", "level"}, nil)
	descBuild    = prometheus.NewDesc("hallkiosk_build_info", "The running version.", []string{"version"}, nil)
)

// collector reads Sources at every scrape.
type collector struct{ s Sources }

func (c collector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descDevice, descDepth, descOldest, descSubs, descOutboxUp, descSessions, descRatings, descBus,
		descServerUp, descClients, descKiosks, descCalls, descHallUp, descErrors, descBuild} {
		ch <- d
	}
}

func (c collector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge(descBuild, 1, c.s.Version)
	for _, kind := range devices.AllKinds() {
		status, ok := c.s.Devices[kind]
		if !ok {
			continue
		}
		now := status().State
		for _, st := range allStates {
			v := 0.0
			if st == now {
				v = 1
			}
			gauge(descDevice, v, string(kind), string(st))
		}
	}
	if c.s.Outbox != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		n, err := c.s.Outbox(ctx)
		cancel()
		if err != nil {
			gauge(descOutboxUp, 0)
		} else {
			gauge(descOutboxUp, 1)
			gauge(descDepth, float64(n.Depth()))
			age := 0.0
			if !n.OldestPending.IsZero() {
				now := time.Now
				if c.s.Now != nil {
					now = c.s.Now
				}
				age = max(0, now().Sub(n.OldestPending).Seconds())
			}
			gauge(descOldest, age)
			gauge(descSubs, float64(n.Sent), "sent")
			gauge(descSubs, float64(n.Pending), "pending")
			gauge(descSubs, float64(n.Parked), "parked")
		}
	}
	if c.s.Sessions != nil {
		counter(descSessions, float64(c.s.Sessions()))
	}
	if c.s.Ratings != nil {
		byLevel := c.s.Ratings()
		for level := 1; level <= 5; level++ {
			l := strconv.Itoa(level)
			counter(descRatings, float64(byLevel[l]), l)
		}
	}
	if c.s.Bus != nil {
		if configured, connected := c.s.Bus(); configured {
			v := 0.0
			if connected {
				v = 1
			}
			gauge(descBus, v)
		}
	}
	if c.s.Hall != nil {
		c.collectHall(gauge)
	}
	if c.s.Errors != nil {
		for k, n := range c.s.Errors.snapshot() {
			counter(descErrors, float64(n), k.component, k.level)
		}
	}
}

// collectHall reads the window terminal's figures.
func (c collector) collectHall(gauge func(d *prometheus.Desc, v float64, labels ...string)) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	h, err := c.s.Hall(ctx)
	cancel()
	b := func(ok bool) float64 {
		if ok {
			return 1
		}
		return 0
	}
	if h.Embedded {
		gauge(descServerUp, b(h.ServerUp))
		gauge(descClients, float64(h.Clients))
	}
	gauge(descKiosks, float64(h.Kiosks), "connected")
	gauge(descKiosks, float64(h.Silent), "silent")
	gauge(descHallUp, b(err == nil))
	if err != nil {
		return
	}
	for _, st := range []string{"open", "accepted"} {
		gauge(descCalls, float64(h.Calls[st]), st)
	}
}

// Registry returns a registry with the kiosk's series and the Go
// runtime's and process's own.
func Registry(s Sources) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collector{s}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Listen checks that addr is a loopback address and listens on it: the
// metrics are for the machine itself, never the hall's network.
func Listen(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("metrics: %s is not a loopback address", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	return l, nil
}

// Serve serves /metrics from reg on l until ctx ends.
func Serve(ctx context.Context, l net.Listener, reg *prometheus.Registry, log *slog.Logger) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{MaxRequestsInFlight: 2, Timeout: 10 * time.Second}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, MaxHeaderBytes: 8 << 10}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	if log != nil {
		log.Info("metrics served", "addr", l.Addr().String())
	}
	if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}

// allStates are the states of the status model, in its order.
var allStates = []devices.State{devices.Online, devices.Offline, devices.Busy, devices.HardwareError, devices.UserError, devices.NoDevice}
