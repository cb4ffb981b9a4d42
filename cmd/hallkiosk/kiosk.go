package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/config"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/camera"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/receipt"
	"hallkiosk/internal/logging"
	"hallkiosk/screens"
	"hallkiosk/speech"
)

// kiosk is everything the running kiosk is wired from.
type kiosk struct {
	cfg     config.Config
	dataDir string
	log     *slog.Logger
	session *app.Session
	catalog *catalog.Catalog

	portal   *portal.Client
	outbox   *outbox.Outbox
	cards    *app.Cards
	camera   camera.Camera
	identity *app.Identity
	sms      *app.SMS
	records  *app.Records
	docs     *app.Documents
	printing *app.Printing
	receipt  *receipt.Printer
	a4       app.A4
	// a4OnReceipt prints A4 documents on receipt paper (no A4 printer).
	a4OnReceipt bool
	figures     *app.Figures
	submit      *app.Submitter
	speaker     *speech.Speaker
	demo        *screens.DemoControls
	// speechCachePruned, when set (by tests), hears of every pruning of
	// the prompt cache.
	speechCachePruned func(speech.PruneResult, error)

	wg      sync.WaitGroup
	ctx     context.Context    // the kiosk's goroutines run until it ends
	stop    context.CancelFunc // ends the kiosk's goroutines
	closers []func()
}

// onClose registers f to run when the kiosk stops, in reverse order.
func (k *kiosk) onClose(f func()) { k.closers = append(k.closers, f) }

func (k *kiosk) close() {
	if k.stop != nil {
		k.stop()
	}
	for i := len(k.closers) - 1; i >= 0; i-- {
		k.closers[i]()
	}
	k.wg.Wait()
}

// goRun runs f in a goroutine the kiosk waits for when it closes; f's
// context ends when the kiosk closes.
func (k *kiosk) goRun(f func(ctx context.Context)) {
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		f(k.ctx)
	}()
}

// start opens the portal client, the outbox and its sender, the ID-card
// reader and the voice. A device that is missing is reported in its
// status and retried by its driver; it never stops the kiosk.
func (k *kiosk) start(ctx context.Context) error {
	ctx, k.stop = context.WithCancel(ctx)
	k.ctx = ctx
	if err := k.startPortal(ctx); err != nil {
		return err
	}
	k.startCards(ctx)
	k.startPrinters(ctx)
	k.startSpeech(ctx)
	k.identity = &app.Identity{Session: k.session, Camera: k.camera, Timeout: k.cfg.Portal.Timeout.D()}
	k.identity.Portal = k.portal
	k.sms = app.NewSMS(k.session, k.portal)
	k.records = &app.Records{Session: k.session, Portal: k.portal, Printer: k.a4}
	k.docs = &app.Documents{Session: k.session, Camera: k.camera}
	k.figures = &app.Figures{}
	k.submit = &app.Submitter{Session: k.session, DeviceID: k.cfg.Kiosk.DeviceID, Figures: k.figures}
	if k.outbox != nil {
		k.submit.Queue = k.outbox
	}
	k.startHeartbeat(ctx)
	return nil
}

// deps is what the screens get from the kiosk.
func (k *kiosk) deps() screens.Deps {
	d := screens.Deps{
		Session:      k.session,
		Catalog:      k.catalog,
		Config:       k.cfg,
		Log:          k.log,
		CallStaff:    app.NoStaffLink, // no hall bus yet: the screen sends citizens to the window
		Cards:        k.cards,
		Identity:     k.identity,
		SMS:          k.sms,
		Records:      k.records,
		Documents:    k.docs,
		PrintReceipt: k.printing.PrintReceipt,
		Submitter:    k.submit,
		Demo:         k.demo,
	}
	if k.speaker != nil {
		d.Voice = k.speaker
	}
	return d
}

func (k *kiosk) startPortal(ctx context.Context) error {
	popts := portal.OptionsFromConfig(k.cfg)
	popts.Logger = logging.Component(k.log, "portal")
	popts.UserAgent = "hallkiosk/" + version
	client, err := portal.New(popts)
	if err != nil {
		return fmt.Errorf("portal: %w", err)
	}
	k.portal = client
	o := outbox.OptionsFromConfig(k.cfg)
	o.Portal, o.Logger = client, k.log // the outbox names its component itself
	ob, err := outbox.Open(filepath.Join(k.dataDir, "outbox.db"), o)
	if err != nil {
		// A lost or foreign queue is never replaced quietly: the kiosk
		// serves on without storing submissions (citizens are sent to the
		// window), and staff see why in the log and `hallkiosk doctor`.
		k.log.Error("outbox unavailable: submissions are refused until staff fix it", "err", err)
		return nil
	}
	k.outbox = ob
	sendCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	k.goRun(func(context.Context) {
		if err := ob.Run(sendCtx); err != nil && !errors.Is(err, context.Canceled) {
			k.log.Error("outbox sender stopped", "err", err)
		}
	})
	k.onClose(func() { stop(); k.wg.Wait(); ob.Close() })
	return nil
}

func (k *kiosk) startCards(ctx context.Context) {
	k.cards = app.NewCards(k.session, logging.Component(k.log, "cards"))
	reader, err := idcard.Open(ctx, k.cfg.IDCard.Port, idcard.Opts{
		Baud:         k.cfg.IDCard.Baud,
		PollInterval: k.cfg.IDCard.PollInterval.D(),
		Logger:       k.log, // the reader names its component itself
	})
	if err != nil {
		k.log.Error("no ID-card reader", "err", err)
		return
	}
	k.goRun(func(ctx context.Context) { k.cards.Run(ctx, reader) })
	k.onClose(func() { reader.Close() })
}

// startPrinters opens the receipt printer and the A4 queue. A printer
// that is not there yet is reported as no_device and looked for again.
func (k *kiosk) startPrinters(ctx context.Context) {
	w, err := receipt.ParseWidth(k.cfg.Receipt.Width)
	if err != nil {
		w = receipt.W80
	}
	p, err := receipt.Open(ctx, k.cfg.Receipt.Port, receipt.Opts{Width: w, Baud: k.cfg.Receipt.Baud, Logger: k.log})
	if err != nil {
		k.log.Error("no receipt printer", "err", err)
	} else {
		k.receipt = p
		k.onClose(func() { p.Close() })
	}
	k.printing = &app.Printing{
		Session: k.session, HallName: k.cfg.Kiosk.HallName, ProgressURL: k.cfg.Kiosk.ProgressURL,
		AppURL: k.cfg.Kiosk.MobileAppURL, AppName: "政务服务App", Hotline: k.cfg.Kiosk.Hotline,
	}
	if k.receipt != nil {
		k.printing.Printer = k.receipt
	}
	switch {
	case k.a4OnReceipt:
		k.a4 = app.ReceiptPaperA4{Printing: k.printing}
	case k.cfg.A4.Queue != "":
		if q, err := a4.New(k.cfg.A4.Queue, a4.Opts{}); err == nil {
			k.a4 = app.A4Printer{Printer: q}
		} else {
			k.log.Error("no A4 printer", "err", err)
		}
	}
}

// startHeartbeat tells the portal every portal.heartbeat that the
// terminal lives, with its devices' status.
func (k *kiosk) startHeartbeat(ctx context.Context) {
	hb := &app.Heartbeat{
		Portal: k.portal, DeviceID: k.cfg.Kiosk.DeviceID, AppVersion: version, Started: time.Now(),
		Clock: clock.Real{}, Interval: k.cfg.Portal.Heartbeat.D(), Log: logging.Component(k.log, "heartbeat"),
		Devices:  map[devices.Kind]func() devices.Status{devices.KindIDCard: k.cards.Status},
		Sessions: func() int { return k.session.Snapshot().Seq },
		Figures:  k.figures,
	}
	if k.outbox != nil {
		hb.Depth = k.outbox.Depth
	}
	if k.receipt != nil {
		hb.Devices[devices.KindReceipt] = k.receipt.DeviceStatus
	}
	if k.camera != nil {
		hb.Devices[devices.KindCamera] = k.camera.Status
	}
	if k.speaker != nil {
		hb.Devices[devices.KindAudio] = k.speaker.Status
	}
	k.goRun(func(ctx context.Context) { hb.Run(ctx) })
}

// startSpeech starts the voice; without espeak-ng or a sound device the
// kiosk runs on silently and says so once in the log and the status. The
// prompt cache is opened (and kept within its bounds) either way, so a
// cache left from when the kiosk could speak still shrinks.
func (k *kiosk) startSpeech(ctx context.Context) {
	log := logging.Component(k.log, "speech")
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
	rate, err := speech.ParseRate(k.cfg.Speech.Rate)
	if err != nil {
		rate = speech.RateNormal
	}
	sp, err := speech.NewSpeaker(ctx, speech.Options{
		Engine: eng, Sink: player, Cache: cache,
		Voice: k.cfg.Speech.Voice, Rate: rate, Volume: k.cfg.Speech.Volume, Log: log,
	})
	if err != nil {
		log.Warn("no speech", "err", err)
		return
	}
	k.speaker = sp
	// Volume and rate go back to the safe defaults after every citizen
	// (EN 301 549 5.1.3.13).
	k.session.OnWipe(sp.ResetForNewSession)
	k.onClose(func() { sp.Close() })
}

// openSpeechCache opens the prompt cache in the state directory, which the
// outbox shares, and keeps it within speech.cache_max_mb and
// speech.cache_max_age: one goroutine of the kiosk's (never Fyne's) prunes
// it now and again whenever a session ends, until the kiosk closes. It
// returns nil, after a warning, when there can be no cache.
func (k *kiosk) openSpeechCache(log *slog.Logger) *speech.Cache {
	cache, err := speech.OpenCache(filepath.Join(k.dataDir, "speech-cache"))
	if err != nil {
		log.Warn("no prompt cache", "err", err)
		return nil
	}
	lim := speech.Limits{
		MaxBytes: int64(k.cfg.Speech.CacheMaxMB) << 20,
		MaxAge:   k.cfg.Speech.CacheMaxAge.D(),
	}
	due := make(chan struct{}, 1)
	due <- struct{}{} // at start
	// The wipe runs wherever the session ends (a timer, the UI): it only
	// says a pruning is due.
	k.session.OnWipe(func() {
		select {
		case due <- struct{}{}:
		default: // one is due already
		}
	})
	k.goRun(func(ctx context.Context) {
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
			if k.speechCachePruned != nil {
				k.speechCachePruned(res, err)
			}
		}
	})
	return cache
}
