package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/config"
	"hallkiosk/app/kiosk"
	"hallkiosk/screens"
)

// Soak limits: what a day of citizens may leave behind once the kiosk has
// warmed up (its caches filled, its first sessions' pages made).
const (
	soakWarmup       = 20               // sessions before the baseline sample
	soakRSSPer100    = 2 << 20          // RSS and Go heap growth per 100 sessions
	soakSlackGor     = 3                // goroutines in flight at a sample
	soakSlackFDs     = 2                // fds in flight at a sample
	soakSlackDataDir = 64 << 10         // the data dir, its databases and speech cache aside
	soakSessionLimit = 90 * time.Second // one session, taps and waits included
	soakIdleEvery    = 10               // every 10th session ends by the idle timeout
)

// soakConfig shortens the session's timers so the idle-timeout path takes
// seconds: idle 10 s (longer than any step of the journey takes here), the
// warning's countdown 3 s, the ending screen 1 s.
func soakConfig(cfg *config.Config) {
	cfg.Session.IdleTimeout = config.Duration(10 * time.Second)
	cfg.Session.ElderIdleTimeout = config.Duration(10 * time.Second)
	cfg.Session.Warning = config.Duration(3 * time.Second)
	cfg.Session.Ending = config.Duration(time.Second)
}

// soakSample is what the soak watches, read on the attract loop between
// two sessions after a garbage collection that hands memory back to the OS.
type soakSample struct {
	session    int
	rss, heap  uint64
	anon, file uint64 // RSS split: memory the process allocated, and pages of mapped files (libraries, fonts)
	goroutines int
	fds        int
	dataDir    int64 // the data dir without its databases, speech cache and the demo's portal and paper
	dbs        int64 // the kiosk's databases (outbox, events, audit, staff), with their journals
}

// leakWatch passes the log through and remembers any personal value of
// the demo's card it carries.
type leakWatch struct {
	w       io.Writer
	secrets []string
	mu      sync.Mutex
	found   []string
}

func (l *leakWatch) Write(p []byte) (int, error) {
	for _, s := range l.secrets {
		if bytes.Contains(p, []byte(s)) {
			l.mu.Lock()
			l.found = append(l.found, s)
			l.mu.Unlock()
		}
	}
	return l.w.Write(p)
}

func (l *leakWatch) leaks() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.found...)
}

// soakSecrets are the personal values of the card the soak places and the
// phone it types: none may be found in the clear on disk or in the log.
func soakSecrets() []string {
	c := kiosk.DemoCards()[0]
	return []string{c.Name, c.IDNumber, c.Address, "13800138000"}
}

// soak drives the demo's real window through n citizen sessions: 社保缴费
// with the card from the attract loop to a submitted application, its
// receipt printed, a rating and the end; every tenth session leaves after
// the card is read and ends by the idle timeout. Every 10 sessions it
// prints RSS, Go heap, goroutines, fds and the data dir's size, and it
// fails when any of them grew after the warm-up beyond the limits above,
// when a personal value of the card is found in the clear in the data dir
// or the log, or when a session takes longer than soakSessionLimit.
func soak(ctx context.Context, k *kiosk.Kiosk, demo *kiosk.Demo, ui *screens.UI, dataDir string, logs *leakWatch, n int, out io.Writer) error {
	secrets := soakSecrets()
	var samples []soakSample
	started := time.Now()
	fmt.Fprintf(out, "soak: %d sessions, every %dth by the idle timeout; growth limits after session %d: RSS and heap %d MiB per 100 sessions\n",
		n, soakIdleEvery, soakWarmup, soakRSSPer100>>20)
	fmt.Fprintf(out, "%8s %8s %9s %9s %9s %10s %4s %10s %10s %8s\n", "session", "RSS MiB", "anon MiB", "file MiB", "heap MiB", "goroutines", "fds", "data KiB", "dbs KiB", "elapsed")
	for i := 1; i <= n; i++ {
		sctx, cancel := context.WithTimeout(ctx, soakSessionLimit)
		t0 := time.Now()
		var err error
		if i%soakIdleEvery == 0 {
			err = soakIdleSession(sctx, k, demo, ui)
		} else {
			err = soakSession(sctx, k, demo, ui)
		}
		cancel()
		if err != nil {
			if sctx.Err() != nil && ctx.Err() == nil {
				return fmt.Errorf("session %d took longer than %s: %w", i, soakSessionLimit, err)
			}
			return fmt.Errorf("session %d: %w", i, err)
		}
		if d := time.Since(t0); d > soakSessionLimit {
			return fmt.Errorf("session %d took %s (limit %s)", i, d.Round(time.Millisecond), soakSessionLimit)
		}
		if hits := filesWith(dataDir, secrets); len(hits) > 0 {
			return fmt.Errorf("after session %d, personal data in the clear on disk: %s", i, strings.Join(hits, "; "))
		}
		if l := logs.leaks(); len(l) > 0 {
			return fmt.Errorf("after session %d, the log carries %d personal values in the clear", i, len(l))
		}
		if i%10 == 0 || i == n {
			s, err := takeSoakSample(i, dataDir)
			if err != nil {
				return err
			}
			samples = append(samples, s)
			fmt.Fprintf(out, "%8d %8.1f %9.1f %9.1f %9.1f %10d %4d %10d %10d %8s\n", i, mib(s.rss), mib(s.anon), mib(s.file), mib(s.heap), s.goroutines, s.fds,
				s.dataDir>>10, s.dbs>>10, time.Since(started).Round(time.Second))
		}
	}
	return soakVerdict(samples, n, out)
}

// soakSession is one citizen from the attract loop to the end: 社保缴费
// with the card, the receipt printed, a rating.
func soakSession(ctx context.Context, k *kiosk.Kiosk, demo *kiosk.Demo, ui *screens.UI) error {
	if err := waitShownCtx(ctx, ui, app.ScreenAttract); err != nil {
		return err
	}
	fyne.DoAndWait(k.Session.Start)
	if err := waitShownCtx(ctx, ui, app.ScreenHome); err != nil {
		return err
	}
	for i, t := range pensionTaps() {
		if i == 2 { // on the card screen: the citizen puts the card down
			demo.PlaceCard(0)
			if err := waitUntil(ctx, "the card", func() bool { return k.Session.Data().Card() != nil }); err != nil {
				return err
			}
			if err := waitItem(ctx, ui, t.item); err != nil {
				return err
			}
		}
		if err := tapItem(ui, t.item); err != nil {
			return err
		}
		if t.next != "" {
			if err := waitShownCtx(ctx, ui, t.next); err != nil {
				return fmt.Errorf("after %q: %w", t.item, err)
			}
		}
	}
	if err := waitShownCtx(ctx, ui, app.ScreenResult); err != nil {
		return err
	}
	before := demo.LatestReceipt()
	if err := tapItem(ui, "打印回执"); err != nil {
		return err
	}
	if err := waitUntil(ctx, "the receipt", func() bool { r := demo.LatestReceipt(); return r != nil && r != before }); err != nil {
		return err
	}
	if err := waitItem(ctx, ui, "评价本次服务"); err != nil {
		return err
	}
	if err := tapItem(ui, "评价本次服务"); err != nil {
		return err
	}
	if err := waitShownCtx(ctx, ui, app.ScreenRating); err != nil {
		return err
	}
	if err := tapItem(ui, "非常满意"); err != nil {
		return err
	}
	if err := waitShownCtx(ctx, ui, app.ScreenEnding); err != nil {
		return err
	}
	demo.RemoveCard()
	return waitShownCtx(ctx, ui, app.ScreenAttract)
}

// soakIdleSession is a citizen who reads the card for a service and walks
// away: the idle timeout and its warning end the session.
func soakIdleSession(ctx context.Context, k *kiosk.Kiosk, demo *kiosk.Demo, ui *screens.UI) error {
	if err := waitShownCtx(ctx, ui, app.ScreenAttract); err != nil {
		return err
	}
	fyne.DoAndWait(k.Session.Start)
	if err := waitShownCtx(ctx, ui, app.ScreenHome); err != nil {
		return err
	}
	for _, t := range pensionTaps()[:2] {
		if err := tapItem(ui, t.item); err != nil {
			return err
		}
		if err := waitShownCtx(ctx, ui, t.next); err != nil {
			return err
		}
	}
	demo.PlaceCard(0)
	if err := waitUntil(ctx, "the card", func() bool { return k.Session.Data().Card() != nil }); err != nil {
		return err
	}
	if err := waitUntil(ctx, "the idle timeout", func() bool { return k.Session.Snapshot().State == app.StateAttract }); err != nil {
		return err
	}
	demo.RemoveCard()
	if !k.Session.Data().Empty() {
		return fmt.Errorf("citizen data survived the idle timeout")
	}
	return waitShownCtx(ctx, ui, app.ScreenAttract)
}

// soakVerdict compares the last sample with the one after the warm-up.
func soakVerdict(samples []soakSample, n int, out io.Writer) error {
	var base *soakSample
	for i := range samples {
		if samples[i].session >= soakWarmup {
			base = &samples[i]
			break
		}
	}
	last := samples[len(samples)-1]
	if base == nil || base.session == last.session {
		fmt.Fprintf(out, "soak: %d sessions are too few to judge growth after the warm-up of %d\n", n, soakWarmup)
		return nil
	}
	sessions := last.session - base.session
	memLimit := int64(soakRSSPer100) * int64(max(sessions, 100)) / 100
	var problems []string
	check := func(what string, grew, limit int64, unit string) {
		fmt.Fprintf(out, "growth over sessions %d-%d: %-10s %+d %s (limit %d)\n", base.session, last.session, what, grew, unit, limit)
		if grew > limit {
			problems = append(problems, fmt.Sprintf("%s grew %d %s (limit %d)", what, grew, unit, limit))
		}
	}
	// Memory moves by a few MiB from one sample to the next (Mesa's
	// allocations, the garbage collector's pacing): it keeps growing when
	// the last sample is above the first after the warm-up by more than
	// the limit and the trend over all of them rises as much.
	after := samples[slices.Index(samples, *base):]
	memory := func(what string, v func(soakSample) uint64) {
		net := (int64(v(last)) - int64(v(*base))) >> 10
		trend := int64(slope(after, v)*float64(sessions)) >> 10
		fmt.Fprintf(out, "growth over sessions %d-%d: %-10s %+d KiB, trend %+d KiB (limit %d)\n", base.session, last.session, what, net, trend, memLimit>>10)
		if net > memLimit>>10 && trend > memLimit>>10 {
			problems = append(problems, fmt.Sprintf("%s grew %d KiB, trend %d KiB (limit %d)", what, net, trend, memLimit>>10))
		}
	}
	memory("RSS", func(s soakSample) uint64 { return s.rss })
	memory("heap", func(s soakSample) uint64 { return s.heap })
	check("goroutines", int64(last.goroutines-base.goroutines), soakSlackGor, "")
	check("fds", int64(last.fds-base.fds), soakSlackFDs, "")
	check("data dir", (last.dataDir-base.dataDir)>>10, soakSlackDataDir>>10, "KiB")
	fmt.Fprintf(out, "the kiosk's databases (outbox, events, audit, staff): %+d KiB (they keep acknowledged rows and counts until they prune them)\n", (last.dbs-base.dbs)>>10)
	if len(problems) > 0 {
		return fmt.Errorf("the kiosk keeps growing: %s", strings.Join(problems, "; "))
	}
	fmt.Fprintln(out, "soak: ok")
	return nil
}

// takeSoakSample reads the process's figures after a full collection.
func takeSoakSample(session int, dataDir string) (soakSample, error) {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := soakSample{session: session, heap: ms.HeapAlloc, goroutines: runtime.NumGoroutine()}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return s, fmt.Errorf("soak: %w", err)
	}
	fields := map[string]*uint64{"VmRSS:": &s.rss, "RssAnon:": &s.anon, "RssFile:": &s.file}
	for _, l := range strings.Split(string(status), "\n") {
		key, value, _ := strings.Cut(l, "\t")
		if v, ok := fields[key]; ok {
			var kb uint64
			fmt.Sscanf(value, "%d", &kb)
			*v = kb << 10
		}
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return s, fmt.Errorf("soak: %w", err)
	}
	s.fds = len(fds)
	filepath.WalkDir(dataDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && (d.Name() == "speech-cache" || d.Name() == "portalsim" || d.Name() == "receipts") {
			return filepath.SkipDir // bounded by cache_max_mb; the demo's portal and paper
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if strings.Contains(d.Name(), ".db") {
			s.dbs += info.Size()
		} else {
			s.dataDir += info.Size()
		}
		return nil
	})
	return s, nil
}

// filesWith lists the files under dir (the portal simulator's own
// database aside: that is the portal) that carry one of secrets in the
// clear.
func filesWith(dir string, secrets []string) []string {
	var hits []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() && d.Name() == "portalsim" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() { // not the simulators' PTY links
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil
		}
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				rel, _ := filepath.Rel(dir, path)
				hits = append(hits, rel)
				break
			}
		}
		return nil
	})
	return hits
}

// waitShownCtx waits until the UI draws screen id, or ctx ends.
func waitShownCtx(ctx context.Context, ui *screens.UI, id app.ScreenID) error {
	return waitUntil(ctx, "screen "+string(id), func() bool { return ui.Shown().ID == id })
}

// waitItem waits until the screen offers an item named name.
func waitItem(ctx context.Context, ui *screens.UI, name string) error {
	return waitUntil(ctx, name, func() bool {
		var found bool
		fyne.DoAndWait(func() {
			for _, it := range ui.Items() {
				if it.Name == name && it.Activate != nil {
					found = true
				}
			}
		})
		return found
	})
}

// waitUntil polls cond every 20 ms until it holds or ctx ends.
func waitUntil(ctx context.Context, what string, cond func() bool) error {
	for !cond() {
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w", what, ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// slope is the least-squares growth of v per session over samples.
func slope(samples []soakSample, v func(soakSample) uint64) float64 {
	n := float64(len(samples))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for _, s := range samples {
		x, y := float64(s.session), float64(v(s))
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}
