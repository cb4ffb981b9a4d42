// Package kiosk builds a kiosk from its configuration: the portal client,
// the outbox and its sender, the ID-card reader, the printers, the camera,
// the voice, the heartbeat, and the citizen's journeys that the screens
// draw. `hallkiosk run`, `hallkiosk demo` and the tests all build the kiosk
// here (StartDemo first points the configuration at simulated devices), so
// the wiring that runs in a hall is the wiring the tests exercise.
//
// A device that is missing is not an error: its driver reports no_device
// and keeps looking for it. An outbox that cannot be trusted (a lost queue
// next to its key, another kiosk's key) leaves Outbox nil: the kiosk serves
// on without storing submissions and says why in the log.
package kiosk

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/app/assist"
	"hallkiosk/app/audit"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/events"
	"hallkiosk/app/journey"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/app/staff"
	"hallkiosk/app/staffmenu"
	"hallkiosk/app/usage"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/receipt"
	"hallkiosk/internal/logging"
	"hallkiosk/speech"
)

// Options are what a kiosk is built from. Config, DataDir, Session and
// Catalog are required; a Catalog without items is a kiosk that has none
// yet (a first start with none cached): it waits for the portal's
// (KeepCatalog) and never falls back on the demo's.
type Options struct {
	Config  config.Config
	DataDir string
	Log     *slog.Logger
	Session *app.Session
	Catalog *catalog.Catalog
	// Version is the program's version, sent with every portal call.
	Version string
	// Camera is the kiosk's face camera; nil is a kiosk without one.
	// `hallkiosk run` opens it from [camera] device, the demo passes its
	// fake.
	Camera camera.Camera
	// DocumentCamera is the document camera (高拍仪) for paper materials;
	// nil is a kiosk without one. It may be the same value as Camera.
	DocumentCamera camera.Camera
	// A4OnReceipt prints A4 documents on receipt paper (no A4 printer).
	A4OnReceipt bool
	// NoSpeech leaves the voice out (tests that bring their own).
	NoSpeech bool
	// AskDelay holds back building 智能客服's knowledge after the start
	// (ask.FirstBuildDelay in the running kiosk: its first frame first);
	// 0 builds at once (tests).
	AskDelay time.Duration
	// CatalogRetry and CatalogRetryMax bound the backoff of KeepCatalog
	// while the kiosk has no catalog (0: 2 s and 1 min); tests shorten it.
	CatalogRetry, CatalogRetryMax time.Duration
	// SpeechCachePruned, when set (tests), hears of every pruning of the
	// prompt cache.
	SpeechCachePruned func(speech.PruneResult, error)
	// Audit, StaffAccounts and Events, when set, are the audit log, the
	// staff accounts and the usage log the caller opened (the window
	// terminal, which shares them with the hall): the kiosk uses them and
	// leaves checking and closing them to the caller.
	Audit         *audit.Log
	StaffAccounts *staff.Store
	Events        *events.Store
}

// Kiosk is everything the running kiosk is wired from. A nil device or
// service is one this kiosk does not have.
type Kiosk struct {
	Config  config.Config
	DataDir string
	Log     *slog.Logger
	Session *app.Session
	// Catalog is the catalog the kiosk started with (one without items
	// on a first start with none cached); CurrentCatalog is the newest.
	Catalog *catalog.Catalog

	Portal *portal.Client
	Outbox *outbox.Outbox
	Cards  *app.Cards
	Camera camera.Camera
	// DocumentCamera is the 高拍仪, nil when the kiosk has none.
	DocumentCamera camera.Camera
	Identity       *app.Identity
	SMS            *app.SMS
	// OnFile checks identity by a code to the phone the portal holds.
	OnFile    *app.OnFile
	Records   *app.Records
	Documents *app.Documents
	Printing  *app.Printing
	Receipt   *receipt.Printer
	A4        app.A4
	Figures   *app.Figures
	Submitter *app.Submitter
	Speaker   *speech.Speaker
	// Events is the usage log (nil when it cannot be opened), Usage what
	// records the sessions into it, Hot home's 热门服务 worked out from it.
	Events *events.Store
	Usage  *usage.Tracker
	Hot    *app.HotList
	// Journeys holds the citizen's journey, built on the parts above.
	Journeys *journey.Current
	// Ask is 智能客服 (问一问); AskKeeper keeps its knowledge.
	Ask       *ask.Desk
	AskKeeper *ask.Keeper
	// Audit is the staff audit log, StaffAccounts this kiosk's copy of
	// the staff accounts, StaffDesk the staff login here and StaffMenu the
	// staff menu; all nil when the audit log cannot be opened.
	Audit         *audit.Log
	StaffAccounts *staff.Store
	StaffDesk     *staff.Desk
	StaffMenu     *staffmenu.Menu
	// Assist is 帮办代办 at the window terminal ([hall] role = "window"):
	// staff start every journey here; nil on a kiosk.
	Assist *assist.Desk

	opts    Options
	hall    *hallLink // nil without a hall bus
	staff   staffParts
	wg      sync.WaitGroup
	ctx     context.Context    // the kiosk's goroutines run until it ends
	stop    context.CancelFunc // ends the kiosk's goroutines
	closers []func()

	// a4Printer is the CUPS queue behind A4 (nil without one), whose
	// status the heartbeat and the metrics report.
	a4Printer *a4.Printer
	a4Cache   a4StatusCache
	versions  versions
	current   atomic.Pointer[catalog.Catalog] // the newest from KeepCatalog, nil until then
}

// Start builds the kiosk and starts its goroutines: the outbox sender, the
// card reader, the printers' status, the voice, the heartbeat. They run
// until Close (or ctx ends).
func Start(ctx context.Context, o Options) (*Kiosk, error) {
	if o.Session == nil || o.Catalog == nil || o.DataDir == "" {
		return nil, errors.New("kiosk: session, catalog and data directory are required")
	}
	if o.Log == nil {
		o.Log = logging.Discard()
	}
	k := &Kiosk{Config: o.Config, DataDir: o.DataDir, Log: o.Log, Session: o.Session, Catalog: o.Catalog,
		Camera: o.Camera, DocumentCamera: o.DocumentCamera, opts: o}
	k.ctx, k.stop = context.WithCancel(ctx)
	k.versions.catalogChanged = make(chan struct{}, 1)
	if err := k.startPortal(k.ctx); err != nil {
		k.Close()
		return nil, err
	}
	k.startCards(k.ctx)
	k.startPrinters(k.ctx)
	if !o.NoSpeech {
		k.startSpeech(k.ctx)
	}
	k.Identity = &app.Identity{Session: k.Session, Portal: k.Portal, Timeout: k.Config.Portal.Timeout.D()}
	if k.Camera != nil {
		k.Identity.Camera = k.Camera
	}
	k.SMS = app.NewSMS(k.Session, k.Portal)
	k.OnFile = app.NewOnFile(k.Session, nil)
	if k.Portal != nil {
		k.OnFile = app.NewOnFile(k.Session, k.Portal)
	}
	k.Records = &app.Records{Session: k.Session, Portal: k.Portal, Printer: k.A4}
	k.Documents = &app.Documents{Session: k.Session}
	if k.DocumentCamera != nil {
		k.Documents.Camera = k.DocumentCamera
	}
	k.Figures = &app.Figures{}
	k.openEvents()
	k.Submitter = &app.Submitter{Session: k.Session, DeviceID: k.Config.Kiosk.DeviceID, Figures: k.Figures}
	if k.Outbox != nil {
		k.Submitter.Queue = k.Outbox
	}
	if k.Events != nil {
		k.Submitter.Events = k.Events
	}
	k.startHall(k.ctx)
	k.startStaff(k.ctx)
	k.Journeys = journey.NewCurrent(k.JourneyDeps())
	k.OnClose(k.Journeys.Close)
	k.startUsage(k.ctx)
	k.startEventSender()
	k.startHeartbeat(k.ctx)
	k.startAsk()
	return k, nil
}

// JourneyDeps are the journeys' dependencies: the kiosk's parts, a missing
// one left a nil interface so the journey knows the step cannot run.
func (k *Kiosk) JourneyDeps() journey.Deps {
	d := journey.Deps{Session: k.Session, Catalog: k.Catalog, Identity: k.Identity, SMS: k.SMS,
		OnFile: k.OnFile, Witnessing: k.Identity,
		Documents: k.Documents, Submitter: k.Submitter, Records: k.Records,
		PrintReceipt: k.recordPrint("receipt", k.Printing.PrintReceipt),
		PrintGuide:   k.recordGuide(k.Printing.PrintGuide), AppURL: k.Config.Kiosk.MobileAppURL}
	// Without a hall bus the staff-call screen sends citizens to the window.
	staff := app.NoStaffLink
	if k.hall != nil {
		staff = k.callStaff
		d.Stuck = k.callForFailures
	}
	d.StaffCaller = k.recordCall(staff)
	if w := k.staffWitness(); w != nil {
		d.Witness = w
	}
	return d
}

// OnClose registers f to run when the kiosk stops, in reverse order.
func (k *Kiosk) OnClose(f func()) { k.closers = append(k.closers, f) }

// Close stops the kiosk's goroutines, closes its devices and waits.
func (k *Kiosk) Close() {
	if k.stop != nil {
		k.stop()
	}
	for i := len(k.closers) - 1; i >= 0; i-- {
		k.closers[i]()
	}
	k.closers = nil
	k.wg.Wait()
}

// Go runs f in a goroutine the kiosk waits for when it closes; f's context
// ends when the kiosk closes.
func (k *Kiosk) Go(f func(ctx context.Context)) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		f(k.ctx)
	}()
}

func (k *Kiosk) startPortal(ctx context.Context) error {
	popts := portal.OptionsFromConfig(k.Config)
	popts.Logger = logging.Component(k.Log, "portal")
	popts.UserAgent = "hallkiosk/" + k.opts.Version
	client, err := portal.New(popts)
	if err != nil {
		return fmt.Errorf("portal: %w", err)
	}
	k.Portal = client
	o := outbox.OptionsFromConfig(k.Config)
	o.Portal, o.Logger = client, k.Log // the outbox names its component itself
	ob, err := outbox.Open(filepath.Join(k.DataDir, "outbox.db"), o)
	if err != nil {
		// A lost or foreign queue is never replaced quietly: the kiosk
		// serves on without storing submissions (citizens are sent to the
		// window), and staff see why in the log and `hallkiosk doctor`.
		k.Log.Error("outbox unavailable: submissions are refused until staff fix it", "err", err)
		return nil
	}
	k.Outbox = ob
	sendCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	var sender sync.WaitGroup
	sender.Add(1)
	go func() {
		defer sender.Done()
		if err := ob.Run(sendCtx); err != nil && !errors.Is(err, context.Canceled) {
			k.Log.Error("outbox sender stopped", "err", err)
		}
	}()
	// The outbox closes last (it was opened first): after the sender and
	// every other goroutine (the heartbeat reads its depth) have stopped.
	k.OnClose(func() { stop(); sender.Wait(); k.wg.Wait(); ob.Close() })
	return nil
}

func (k *Kiosk) startCards(ctx context.Context) {
	k.Cards = app.NewCards(k.Session, logging.Component(k.Log, "cards"))
	k.Cards.Manual = k.window() // staff start every journey at the window
	reader, err := idcard.Open(ctx, k.Config.IDCard.Port, idcard.Opts{
		Baud:         k.Config.IDCard.Baud,
		PollInterval: k.Config.IDCard.PollInterval.D(),
		RestInterval: k.Config.IDCard.RestInterval.D(),
		Logger:       k.Log, // the reader names its component itself
	})
	if err != nil {
		k.Log.Error("no ID-card reader", "err", err)
		return
	}
	k.Go(func(ctx context.Context) { k.Cards.Run(ctx, reader) })
	k.OnClose(func() { reader.Close() })
}

// startPrinters opens the receipt printer and the A4 queue. A printer
// that is not there yet is reported as no_device and looked for again.
func (k *Kiosk) startPrinters(ctx context.Context) {
	w, err := receipt.ParseWidth(k.Config.Receipt.Width)
	if err != nil {
		w = receipt.W80
	}
	p, err := receipt.Open(ctx, k.Config.Receipt.Port, receipt.Opts{Width: w, Baud: k.Config.Receipt.Baud, Logger: k.Log})
	if err != nil {
		k.Log.Error("no receipt printer", "err", err)
	} else {
		k.Receipt = p
		k.OnClose(func() { p.Close() })
	}
	k.Printing = &app.Printing{
		Session: k.Session, HallName: k.Config.Kiosk.HallName, ProgressURL: k.Config.Kiosk.ProgressURL,
		AppURL: k.Config.Kiosk.MobileAppURL, AppName: "政务服务App", Hotline: k.Config.Kiosk.Hotline,
		Catalog: liveCatalog{k},
	}
	if k.Receipt != nil {
		k.Printing.Printer = k.Receipt
	}
	switch {
	case k.opts.A4OnReceipt:
		k.A4 = app.ReceiptPaperA4{Printing: k.Printing}
	case k.Config.A4.Queue != "":
		if q, err := a4.New(k.Config.A4.Queue, a4.Opts{}); err == nil {
			k.A4 = app.A4Printer{Printer: q}
			k.a4Printer = q
		} else {
			k.Log.Error("no A4 printer", "err", err)
		}
	}
}

// startHeartbeat tells the portal every portal.heartbeat that the
// terminal lives, with its devices' status.
func (k *Kiosk) startHeartbeat(ctx context.Context) {
	hb := &app.Heartbeat{
		Portal: k.Portal, DeviceID: k.Config.Kiosk.DeviceID, AppVersion: k.opts.Version, Started: time.Now(),
		Clock: clock.Real{}, Interval: k.Config.Portal.Heartbeat.D(), Log: logging.Component(k.Log, "heartbeat"),
		Devices:  k.DeviceStatuses(),
		Sessions: func() int { return k.Session.Snapshot().Seq },
		Figures:  k.Figures,
		OnAck:    k.onAck,
	}
	if k.Outbox != nil {
		hb.Depth = k.Outbox.Depth
	}
	if k.Events != nil {
		hb.Stats = k.todayStats
		k.Go(func(ctx context.Context) { k.watchFaults(ctx, hb.Devices, 5*time.Second) })
	}
	k.Go(func(ctx context.Context) { hb.Run(ctx) })
}

// startSpeech starts the voice; without espeak-ng or a sound device the
// kiosk runs on silently and says so once in the log and the status. The
// prompt cache is opened (and kept within its bounds) either way, so a
// cache left from when the kiosk could speak still shrinks.
func (k *Kiosk) startSpeech(ctx context.Context) {
	log := logging.Component(k.Log, "speech")
	cache := k.openSpeechCache(log)
	eng, err := speech.NewEspeak(ctx, speech.EspeakOptions{})
	if err != nil {
		log.Warn("no speech engine; the kiosk stays silent", "err", err)
		return
	}
	player, err := speech.NewPlayer(ctx, speech.PlayerOptions{Log: log})
	if err != nil {
		log.Warn("no audio output; the kiosk stays silent", "err", err)
		return
	}
	rate, err := speech.ParseRate(k.Config.Speech.Rate)
	if err != nil {
		rate = speech.RateNormal
	}
	sp, err := speech.NewSpeaker(ctx, speech.Options{
		Engine: eng, Sink: player, Cache: cache,
		Voice: k.Config.Speech.Voice, Rate: rate, Volume: k.Config.Speech.Volume, Log: log,
	})
	if err != nil {
		log.Warn("no speech", "err", err)
		return
	}
	k.Speaker = sp
	// Volume and rate go back to the safe defaults after every citizen
	// (EN 301 549 5.1.3.13).
	k.Session.OnWipe(sp.ResetForNewSession)
	k.OnClose(func() { sp.Close() })
}

// openSpeechCache opens the prompt cache in the state directory, which the
// outbox shares, and keeps it within speech.cache_max_mb and
// speech.cache_max_age: one goroutine of the kiosk's (never Fyne's) prunes
// it now and again whenever a session ends, until the kiosk closes. It
// returns nil, after a warning, when there can be no cache.
func (k *Kiosk) openSpeechCache(log *slog.Logger) *speech.Cache {
	cache, err := speech.OpenCache(filepath.Join(k.DataDir, "speech-cache"))
	if err != nil {
		log.Warn("no prompt cache", "err", err)
		return nil
	}
	lim := speech.Limits{
		MaxBytes: int64(k.Config.Speech.CacheMaxMB) << 20,
		MaxAge:   k.Config.Speech.CacheMaxAge.D(),
	}
	due := make(chan struct{}, 1)
	due <- struct{}{} // at start
	// The wipe runs wherever the session ends (a timer, the UI): it only
	// says a pruning is due.
	k.Session.OnWipe(func() {
		select {
		case due <- struct{}{}:
		default: // one is due already
		}
	})
	k.Go(func(ctx context.Context) {
		for {
			select {
			case <-ctx.Done():
				return
			case <-due:
			}
			res, err := cache.Prune(time.Now(), lim)
			switch {
			case err != nil:
				log.Warn("pruning the prompt cache", "err", err)
			case res.Expired+res.Evicted > 0:
				log.Info("prompt cache pruned", "expired", res.Expired, "evicted", res.Evicted,
					"freed_bytes", res.Freed, "files", res.Files, "bytes", res.Bytes)
			}
			if k.opts.SpeechCachePruned != nil {
				k.opts.SpeechCachePruned(res, err)
			}
		}
	})
	return cache
}
