package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"hallkiosk/app/config"
	"hallkiosk/app/outbox"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
	"hallkiosk/devices"
	"hallkiosk/devices/a4"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/receipt"
	"hallkiosk/devices/serialport"
	"hallkiosk/internal/logging"
	"hallkiosk/screens/typeset"
	"hallkiosk/speech"
)

// check is one line of the doctor's report.
type check struct {
	name   string
	ok     bool
	skip   bool
	detail string
}

// cmdDoctor checks every configured device and the portal, one line each,
// and exits 1 when something needs attention.
func cmdDoctor(ctx context.Context, e *env, args []string) int {
	fs := e.flags("doctor")
	timeout := fs.Duration("timeout", 5*time.Second, "how long each check may take")
	asJSON := fs.Bool("json", false, "print the checks as one JSON object")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		printChecks(e, []check{{name: "config", detail: err.Error()}}, *asJSON)
		return exitConfig // nothing else can be checked without it
	}
	// The doctor creates nothing: not the state directory, not an outbox.
	dataDir, err := e.dataPath()
	if err != nil {
		return e.fail("%v", err)
	}
	log := logging.Discard()
	within := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, *timeout) }
	var checks []check
	add := func(c check) { checks = append(checks, c) }
	add(configCheck(cfg))
	add(displayCheck())
	add(stateCheck(dataDir))
	add(accessCheck(cfg))

	if _, err := typeset.LoadFont(cfg.Kiosk.Font); err != nil {
		add(check{name: "font", detail: err.Error()})
	} else {
		add(check{name: "font", ok: true, detail: cfg.Kiosk.Font})
	}
	if d, err := pinyin.Load(pinyin.DefaultPath); err != nil {
		add(check{name: "pinyin", detail: err.Error()})
	} else {
		add(check{name: "pinyin", ok: true, detail: fmt.Sprintf("%d words", d.Len())})
	}

	add(deviceCheck("idcard", func() devices.Status {
		if st, held := heldByKiosk(cfg.IDCard.Port); held {
			return st
		}
		c, cancel := within()
		defer cancel()
		r, err := idcard.Open(c, cfg.IDCard.Port, idcard.Opts{Baud: cfg.IDCard.Baud, Logger: log})
		if err != nil {
			return devices.Status{State: devices.NoDevice, Detail: err.Error()}
		}
		defer r.Close()
		for {
			select {
			case <-c.Done():
				return r.Status()
			case ev, ok := <-r.Events():
				if !ok {
					return r.Status()
				}
				if ev.Kind == idcard.StatusChanged && ev.Status.State != devices.Busy {
					return ev.Status
				}
				if ev.Card != nil {
					ev.Card.Wipe()
				}
			}
		}
	}))

	add(deviceCheck("receipt", func() devices.Status {
		if st, held := heldByKiosk(cfg.Receipt.Port); held {
			return st
		}
		c, cancel := within()
		defer cancel()
		w, _ := receipt.ParseWidth(cfg.Receipt.Width)
		p, err := receipt.Open(c, cfg.Receipt.Port, receipt.Opts{Width: w, Baud: cfg.Receipt.Baud, Logger: log})
		if err != nil {
			return devices.Status{State: devices.NoDevice, Detail: err.Error()}
		}
		defer p.Close()
		st, err := p.Status(c)
		if err != nil {
			return devices.Status{State: devices.NoDevice, Detail: err.Error()}
		}
		return st.Device()
	}))

	if cfg.A4.Queue == "" {
		add(check{name: "a4", skip: true, detail: "no queue configured"})
	} else {
		add(deviceCheck("a4", func() devices.Status {
			c, cancel := within()
			defer cancel()
			p, err := a4.New(cfg.A4.Queue, a4.Opts{})
			if err != nil {
				return devices.Status{State: devices.NoDevice, Detail: err.Error()}
			}
			st, _ := p.Status(c)
			return st
		}))
	}

	add(cameraCheck(ctx, "camera", cfg.Camera.Device, cfg.Camera.Size, *timeout))
	if cfg.Camera.DocumentDevice != "" && cfg.Camera.DocumentDevice != cfg.Camera.Device {
		add(cameraCheck(ctx, "doccamera", cfg.Camera.DocumentDevice, cfg.Camera.DocumentSize, *timeout))
	}

	add(speechCheck(ctx, cfg.Speech.Voice, within))

	add(func() check {
		c, cancel := within()
		defer cancel()
		popts := portal.OptionsFromConfig(cfg)
		popts.Logger = log
		client, err := portal.New(popts)
		if err != nil {
			return check{name: "portal", detail: err.Error()}
		}
		if _, _, err := client.Catalog(c); err != nil {
			return check{name: "portal", detail: err.Error()}
		}
		return check{name: "portal", ok: true, detail: "reachable, token accepted (" + cfg.Portal.URL + ")"}
	}())
	add(clockCheck(ctx, cfg.Portal.URL, *timeout))

	add(func() check {
		c, cancel := within()
		defer cancel()
		db := filepath.Join(dataDir, "outbox.db")
		if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
			return check{name: "outbox", skip: true, detail: "no queue yet at " + db + " (the kiosk's first start makes it)"}
		}
		o := outbox.OptionsFromConfig(cfg)
		o.Logger = log
		ob, err := outbox.Open(db, o)
		if err != nil {
			return check{name: "outbox", detail: err.Error()}
		}
		defer ob.Close()
		if err := ob.IntegrityCheck(c); err != nil {
			return check{name: "outbox", detail: err.Error()}
		}
		n, err := ob.Counts(c)
		if err != nil {
			return check{name: "outbox", detail: err.Error()}
		}
		return check{name: "outbox", ok: n.Parked == 0,
			detail: fmt.Sprintf("%d pending, %d parked (parked items need staff), %d sent", n.Pending, n.Parked, n.Sent)}
	}())

	return printChecks(e, checks, *asJSON)
}

// heldByKiosk reports a serial port another process holds (its UUCP
// lock): the running kiosk. The doctor then leaves it alone, so a check
// never takes frames from the kiosk's reader.
func heldByKiosk(port string) (devices.Status, bool) {
	if pid := serialport.LockedBy(serialport.LockDir, port); pid > 0 {
		return devices.Status{State: devices.Busy, Detail: fmt.Sprintf("in use by process %d (the running kiosk); not opened", pid)}, true
	}
	return devices.Status{}, false
}

// deviceCheck turns a device status into a doctor line.
func deviceCheck(name string, status func() devices.Status) check {
	st := status()
	if st.State == devices.Busy && strings.Contains(st.Detail, "running kiosk") {
		return check{name: name, skip: true, detail: st.Detail}
	}
	return check{name: name, ok: st.State == devices.Online, detail: st.String()}
}

// speechCheck checks the engine, the configured voice and the sound output.
func speechCheck(ctx context.Context, voice string, within func() (context.Context, context.CancelFunc)) check {
	c, cancel := within()
	defer cancel()
	eng, err := speech.NewEspeak(c, speech.EspeakOptions{})
	if err != nil {
		return check{name: "speech", detail: err.Error()}
	}
	voices, err := eng.Voices(c)
	if err != nil {
		return check{name: "speech", detail: err.Error()}
	}
	if !slices.ContainsFunc(voices, func(v speech.Voice) bool { return v.Name == voice }) {
		return check{name: "speech", detail: "voice " + voice + " not installed (Debian package espeak-ng-data)"}
	}
	player, err := speech.NewPlayer(ctx, speech.PlayerOptions{Log: logging.Discard()})
	if err != nil {
		return check{name: "speech", detail: err.Error()}
	}
	defer player.Close()
	st := player.Status()
	return check{name: "speech", ok: st.State == devices.Online, detail: "voice " + voice + ", audio " + st.String()}
}

// cameraCheck opens a configured camera and grabs one frame.
func cameraCheck(ctx context.Context, name, device, size string, timeout time.Duration) check {
	if device == "" {
		return check{name: name, skip: true, detail: "no camera configured"}
	}
	w, h, err := config.ParseSize(size)
	if err != nil {
		return check{name: name, detail: err.Error()}
	}
	jpg, f, err := snapOnce(ctx, device, w, h, timeout)
	if err != nil {
		return check{name: name, detail: fmt.Sprintf("%s: %v", device, err)}
	}
	return check{name: name, ok: true, detail: fmt.Sprintf("%s: one frame, %s %dx%d, %d bytes", device, f.FourCC, f.Width, f.Height, len(jpg))}
}
