package kiosk

import (
	"context"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"hallkiosk/app/assist"
	"hallkiosk/app/audit"
	"hallkiosk/app/hall"
	"hallkiosk/app/staff"
	"hallkiosk/app/staffmenu"
	"hallkiosk/devices"
	"hallkiosk/internal/logging"
	"hallkiosk/speech"
)

// staffParts are the kiosk's staff side: the audit log and its check at
// start, the kiosk's copy of the accounts, the desk and the menu.
type staffParts struct {
	// checker checks staff PINs at this kiosk (the staff menu's and the
	// witnessed identity check's); nil without an audit log.
	checker staff.Checker

	mu      sync.Mutex
	checked bool
	report  audit.Report
	leave   func()
}

// startStaff opens the audit log and the kiosk's copy of the staff
// accounts in the state directory, checks the audit chain (and rolls rows
// older than staff.audit_keep into an archive when it holds) on its own
// goroutine, and builds the staff menu (帮办 at the window). A broken chain is logged as an
// error and shown on the menu's device health; it is never rolled away.
// Without an audit log there is no staff menu: no staff act goes unwritten.
func (k *Kiosk) startStaff(ctx context.Context) {
	log := logging.Component(k.Log, "staff")
	if k.opts.Audit != nil && k.opts.StaffAccounts != nil {
		// The caller's (the window terminal's): it checks the chain.
		k.Audit, k.StaffAccounts = k.opts.Audit, k.opts.StaffAccounts
	} else if !k.openStaff(log) {
		return
	}
	k.StaffDesk = staff.NewDesk(staff.DeskOptions{Audit: k.Audit, Terminal: k.Config.Kiosk.DeviceID, Idle: k.Config.Staff.IdleLogout.D()})
	k.OnClose(func() { k.StaffDesk.LogOut(context.Background(), "shutdown") })
	if k.window() {
		k.startAssist(log) // 帮办代办 is the way in at the window, not a menu
	} else {
		k.startMenu(log)
	}
}

// window reports whether this is the window terminal's own terminal.
func (k *Kiosk) window() bool { return k.Config.Hall.Role == string(hall.RoleWindow) }

// startAssist builds 帮办代办 at the window (app/assist): every journey
// here is started by a member of staff logged in, carries their id and is
// written to the audit log.
func (k *Kiosk) startAssist(log *slog.Logger) {
	a, err := assist.New(assist.Options{Session: k.Session, Desk: k.StaffDesk, Checker: k.StaffAccounts,
		Audit: k.Audit, Cards: k.Cards, Terminal: k.Config.Kiosk.DeviceID, Log: log})
	if err != nil {
		log.Error("no 帮办 at the window", "err", err)
		return
	}
	k.Assist = a
	k.OnClose(a.Close)
	if k.Submitter != nil {
		k.Submitter.AssistedBy = a.AssistedBy
		k.Submitter.Submitted = a.Submitted
	}
}

// openStaff opens the kiosk's own audit log and copy of the staff
// accounts, and checks (and rolls) the chain on a goroutine of its own.
func (k *Kiosk) openStaff(log *slog.Logger) bool {
	al, err := audit.Open(filepath.Join(k.DataDir, audit.FileName), audit.Options{})
	if err != nil {
		log.Error("no audit log: the staff menu is off", "err", err)
		return false
	}
	k.Audit = al
	k.OnClose(func() { al.Close() })
	st, err := staff.Open(filepath.Join(k.DataDir, staff.FileName), staff.Options{Audit: al, Terminal: k.Config.Kiosk.DeviceID})
	if err != nil {
		log.Error("no staff accounts: the staff menu is off", "err", err)
		return false
	}
	k.StaffAccounts = st
	k.OnClose(func() { st.Close() })
	k.Go(func(ctx context.Context) {
		rep, err := al.Verify(ctx)
		switch {
		case err != nil:
			log.Error("audit log unreadable", "err", err)
			return
		case rep.Broken != nil:
			log.Error("audit log chain broken: run hallkiosk audit verify", "row", rep.Broken.Seq, "reason", rep.Broken.Reason)
		default:
			log.Info("audit log chain holds", "rows", rep.Rows)
			if res, err := al.Roll(ctx, k.Config.Staff.AuditKeep.D()); err != nil {
				log.Error("audit log not rolled", "err", err)
			} else if res.Archive != "" {
				log.Info("audit rows archived", "first", res.First, "last", res.Last, "archive", filepath.Base(res.Archive))
			}
		}
		k.staff.mu.Lock()
		k.staff.checked, k.staff.report = true, rep
		k.staff.mu.Unlock()
	})
	return true
}

// startMenu builds the kiosk's staff menu on the desk.
func (k *Kiosk) startMenu(log *slog.Logger) {
	k.staff.checker = k.staffChecker()
	d := staffmenu.Deps{
		Desk: k.StaffDesk, Checker: k.staff.checker, Terminal: k.Config.Kiosk.DeviceID,
		Devices: map[devices.Kind]func() devices.Status{devices.KindIDCard: k.Cards.Status},
		Reprint: k.Printing.ReprintLast,
		PrintTest: func(ctx context.Context) error {
			return k.Printing.PrintTestPage(ctx, k.Config.Kiosk.DeviceID)
		},
		CardPresent: k.Cards.Present,
		Audit: func() (audit.Report, bool) {
			k.staff.mu.Lock()
			defer k.staff.mu.Unlock()
			return k.staff.report, k.staff.checked
		},
		Leave: func() error {
			k.staff.mu.Lock()
			f := k.staff.leave
			k.staff.mu.Unlock()
			if f == nil {
				return staffmenu.ErrMissing
			}
			f()
			return nil
		},
	}
	if k.Outbox != nil {
		d.Queue = k.Outbox
	}
	if k.Receipt != nil {
		d.Devices[devices.KindReceipt] = k.Receipt.DeviceStatus
	}
	if k.Camera != nil {
		d.Devices[devices.KindCamera] = k.Camera.Status
	}
	if k.DocumentCamera != nil {
		d.Devices[devices.KindDocCamera] = k.DocumentCamera.Status
	}
	if k.Speaker != nil {
		d.Devices[devices.KindAudio] = k.Speaker.Status
		d.Speak = func(ctx context.Context, text string) error {
			return k.Speaker.Say(ctx, speech.Utterance{Text: text})
		}
	}
	// A member of staff logged in here with 帮办 rights helps the citizen
	// who applies now: the application says so (assisted_by).
	if k.Submitter != nil {
		k.Submitter.AssistedBy = func() string {
			if l, ok := k.StaffDesk.Current(); ok && l.Role.Can(staff.PermAssist) {
				return l.ID
			}
			return ""
		}
	}
	menu, err := staffmenu.New(d)
	if err != nil {
		log.Error("no staff menu", "err", err)
		return
	}
	k.StaffMenu = menu
}

// staffCopyInterval is how often a kiosk on the hall bus refreshes its
// copy of the staff accounts from the window.
const staffCopyInterval = 5 * time.Minute

// staffChecker is who checks a staff PIN at this kiosk: the window over
// the hall bus, with the kiosk's copy of the accounts (kept fresh from the
// window) deciding while the bus or the window is down; without a bus the
// copy alone (accounts added with hallkiosk staff add on this kiosk).
func (k *Kiosk) staffChecker() staff.Checker {
	if k.hall == nil {
		return k.StaffAccounts
	}
	c := &hall.StaffChecker{Bus: k.hall.bus, Local: k.StaffAccounts, Log: logging.Component(k.Log, "staff")}
	k.Go(func(ctx context.Context) { c.KeepCopy(ctx, staffCopyInterval) })
	return c
}

// SetLeave sets what the staff menu's 退出自助终端 does (the program's
// quit); until it is set leaving is refused as a part the kiosk lacks.
func (k *Kiosk) SetLeave(f func()) {
	k.staff.mu.Lock()
	defer k.staff.mu.Unlock()
	k.staff.leave = f
}

// AuditReport is the audit log's check at start; ok is false while it
// runs or when there is no log.
func (k *Kiosk) AuditReport() (audit.Report, bool) {
	k.staff.mu.Lock()
	defer k.staff.mu.Unlock()
	return k.staff.report, k.staff.checked
}
