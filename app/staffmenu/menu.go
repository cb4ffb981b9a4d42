// Package staffmenu is the kiosk's staff menu without its screen: the
// staff login at the kiosk (the PIN checked by the window over the hall
// bus, or by the kiosk's copy of the accounts when the bus is down), device
// health with the action each device needs and its test button, the
// outbox's pending and parked items (no personal data) with retry and
// discard, the reprint of the last receipt, and leaving the kiosk (admin
// only). Every act goes through the staff.Desk: allowed by the role,
// written to the audit log with its outcome, and counted as activity for
// the two-minute idle logout. The screens draw a Menu and call it; a Menu
// never says an act happened when it did not: each method returns the
// act's error.
package staffmenu

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"hallkiosk/app/audit"
	"hallkiosk/app/outbox"
	"hallkiosk/app/staff"
	"hallkiosk/devices"
)

// Queue is what the menu needs of the outbox; *outbox.Outbox has it.
type Queue interface {
	Each(ctx context.Context, lo outbox.ListOptions, fn func(outbox.Entry) error) error
	Requeue(ctx context.Context, key string, a outbox.Action) error
	Discard(ctx context.Context, key string, a outbox.Action) error
}

var _ Queue = (*outbox.Outbox)(nil)

// Deps are the kiosk's parts the menu acts on; a nil one is a part the
// kiosk does not have (its button says so).
type Deps struct {
	// Desk is the staff login at this kiosk; required.
	Desk *staff.Desk
	// Checker checks a PIN; required.
	Checker staff.Checker
	// Devices are the kiosk's devices' status, by slot.
	Devices map[devices.Kind]func() devices.Status
	// Queue is the outbox.
	Queue Queue
	// PrintTest prints the printer's test page.
	PrintTest func(ctx context.Context) error
	// CardPresent tells whether a card lies on the reader now.
	CardPresent func() bool
	// Speak says a sentence aloud and returns once it was played.
	Speak func(ctx context.Context, text string) error
	// Reprint prints the last 受理回执 again.
	Reprint func(ctx context.Context) error
	// Leave ends the kiosk program (to the desktop or a restart by the
	// service manager), or says why it cannot.
	Leave func() error
	// Audit is the audit log's last check at start (ok false while it
	// runs).
	Audit func() (audit.Report, bool)
	// Terminal names the kiosk in the audit log.
	Terminal string
}

// Menu is the staff menu of one kiosk.
type Menu struct {
	d Deps
}

// New returns the menu over d.
func New(d Deps) (*Menu, error) {
	if d.Desk == nil || d.Checker == nil {
		return nil, errors.New("staffmenu: a desk and a PIN checker are required")
	}
	return &Menu{d: d}, nil
}

// LogIn checks id and PIN; the menu opens only on success. The error is
// staff.ErrWrongPIN, a *staff.LockedError, staff.ErrDisabled, or why no
// check could be made.
func (m *Menu) LogIn(ctx context.Context, id, pin string) (staff.Login, error) {
	return m.d.Desk.LogIn(ctx, m.d.Checker, id, pin)
}

// LogOut ends the login.
func (m *Menu) LogOut(ctx context.Context) { m.d.Desk.LogOut(ctx, "logout") }

// Current is the login, if any.
func (m *Menu) Current() (staff.Login, bool) { return m.d.Desk.Current() }

// OnLogout calls f after every logout (the idle one too), on the
// goroutine that ended the login.
func (m *Menu) OnLogout(f func()) { m.d.Desk.OnLogout(func(staff.Login, string) { f() }) }

// Touch is activity on the menu (a scroll, a key).
func (m *Menu) Touch() { m.d.Desk.Touch() }

// Can reports whether the login may do p (without counting as activity
// or writing anything): the screen shows only what the role may do.
func (m *Menu) Can(p staff.Permission) bool {
	l, ok := m.d.Desk.Current()
	return ok && l.Role.Can(p)
}

// Health is one device's line on the menu.
type Health struct {
	Kind   devices.Kind   `json:"kind"`
	Name   string         `json:"name"`
	Status devices.Status `json:"status"`
	// OK is a device that needs nothing.
	OK bool `json:"ok"`
	// Action is what staff should do, in words; "" when OK.
	Action string `json:"action,omitempty"`
}

var kindNames = map[devices.Kind]string{
	devices.KindIDCard: "身份证读卡器", devices.KindReceipt: "凭条打印机", devices.KindA4: "A4打印机",
	devices.KindCamera: "摄像头", devices.KindDocCamera: "高拍仪", devices.KindAudio: "语音播报",
}

// Health returns every device's state and the action it needs, in the
// hall's order, and the audit log's state last. It needs a login with
// PermDevices (and is not an audit row: looking is not acting).
func (m *Menu) Health() ([]Health, error) {
	if _, err := m.d.Desk.Allow(staff.PermDevices); err != nil {
		return nil, err
	}
	var out []Health
	for _, k := range devices.AllKinds() {
		h := Health{Kind: k, Name: kindNames[k], Status: devices.Status{State: devices.NoDevice, Detail: "本机未配置"}}
		if f := m.d.Devices[k]; f != nil {
			h.Status = f()
		}
		h.Action = action(k, h.Status)
		h.OK = h.Action == ""
		out = append(out, h)
	}
	h := Health{Kind: "audit", Name: "审计日志", Status: devices.Status{State: devices.Busy, Detail: "正在校验"}}
	if m.d.Audit != nil {
		if r, done := m.d.Audit(); done {
			if r.Broken != nil {
				h.Status = devices.Status{State: devices.HardwareError, Detail: fmt.Sprintf("链条在第 %d 行断开", r.Broken.Seq)}
				h.Action = "审计日志被改动过：请管理员运行 hallkiosk audit verify 查明，勿删除任何文件"
			} else {
				h.Status = devices.Status{State: devices.Online, Detail: fmt.Sprintf("完整，共 %d 行", r.Rows)}
			}
		}
	}
	h.OK = h.Action == ""
	return append(out, h), nil
}

// action is what staff should do about a device in status st.
func action(k devices.Kind, st devices.Status) string {
	switch {
	case st.Paper == devices.PaperOut:
		return "装入打印纸"
	case st.State == devices.Online && st.Paper == devices.PaperNearEnd:
		return "打印纸快用完了，请备好新纸卷"
	case st.State == devices.Online || st.State == devices.Busy:
		return ""
	case st.State == devices.NoDevice && st.Detail == "本机未配置":
		return ""
	case st.State == devices.NoDevice || st.State == devices.Offline:
		return "检查" + kindNames[k] + "的电源和连接线"
	case st.State == devices.UserError && k == devices.KindReceipt:
		return "合上打印机盖，取出卡住的纸"
	case st.State == devices.UserError:
		return "按" + kindNames[k] + "的提示处理"
	}
	return kindNames[k] + "故障：重新插拔或重启设备，仍不行请报修"
}

// Item is an outbox item as staff see it: no personal data (the queue
// keeps none outside its sealed payload, and its errors are masked).
type Item struct {
	Key         string       `json:"key"`
	Kind        outbox.Kind  `json:"kind"`
	Voucher     string       `json:"voucher"`
	ServiceCode string       `json:"service_code"`
	State       outbox.State `json:"state"`
	Attempts    int          `json:"attempts"`
	LastError   string       `json:"last_error"`
	CreatedAt   time.Time    `json:"created_at"`
}

// MaxItems bounds the items the menu lists.
const MaxItems = 50

// Items lists the pending and parked items, parked first, at most
// MaxItems. It needs PermOutbox.
func (m *Menu) Items(ctx context.Context) ([]Item, error) {
	if _, err := m.d.Desk.Allow(staff.PermOutbox); err != nil {
		return nil, err
	}
	if m.d.Queue == nil {
		return nil, ErrMissing
	}
	var out []Item
	for _, st := range []outbox.State{outbox.StateParked, outbox.StatePending} {
		err := m.d.Queue.Each(ctx, outbox.ListOptions{State: st}, func(e outbox.Entry) error {
			if len(out) >= MaxItems {
				return errEnough
			}
			out = append(out, Item{Key: e.Key, Kind: e.Kind, Voucher: e.Voucher, ServiceCode: e.ServiceCode, State: e.State,
				Attempts: e.Attempts, LastError: e.LastError, CreatedAt: e.CreatedAt})
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return nil, fmt.Errorf("staffmenu: outbox: %w", err)
		}
	}
	return out, nil
}

var errEnough = errors.New("enough")

// ErrMissing is an act on a part the kiosk does not have.
var ErrMissing = errors.New("staffmenu: this kiosk has no such part")

// ErrNoReason is a retry or discard without a reason.
var ErrNoReason = errors.New("staffmenu: a reason is required")

// Retry puts a parked item back in the queue; reason is required.
func (m *Menu) Retry(ctx context.Context, key, reason string) error {
	return m.outboxAct(ctx, "outbox.requeue", key, reason, func(a outbox.Action) error { return m.d.Queue.Requeue(ctx, key, a) })
}

// Discard deletes a parked item's sealed data; reason is required.
func (m *Menu) Discard(ctx context.Context, key, reason string) error {
	return m.outboxAct(ctx, "outbox.discard", key, reason, func(a outbox.Action) error { return m.d.Queue.Discard(ctx, key, a) })
}

func (m *Menu) outboxAct(ctx context.Context, action, key, reason string, act func(outbox.Action) error) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrNoReason
	}
	return m.d.Desk.Do(ctx, staff.PermOutbox, action, key, func() (string, error) {
		if m.d.Queue == nil {
			return "", ErrMissing
		}
		l, _ := m.d.Desk.Current()
		return "reason: " + reason, act(outbox.Action{Actor: l.ID, Reason: reason})
	})
}

// StartAssist begins 帮办代办: the member of staff stays logged in while
// a citizen's session runs on this terminal, and the citizen's
// application carries their id (assisted_by). The citizen still confirms
// and proves who they are. The login ends with the citizen's session
// (EndAssist) or after two idle minutes.
func (m *Menu) StartAssist(ctx context.Context) error {
	return m.d.Desk.Do(ctx, staff.PermAssist, "assist.start", m.d.Terminal, func() (string, error) { return "", nil })
}

// EndAssist ends 帮办代办 and the login with it.
func (m *Menu) EndAssist(ctx context.Context) { m.d.Desk.LogOut(ctx, "assist end") }

// TestPrint prints the test page.
func (m *Menu) TestPrint(ctx context.Context) error {
	return m.d.Desk.Do(ctx, staff.PermDevices, "device.test", string(devices.KindReceipt), func() (string, error) {
		if m.d.PrintTest == nil {
			return "", ErrMissing
		}
		return "test page printed", m.d.PrintTest(ctx)
	})
}

// ErrNoCard is a card test with no card on the reader.
var ErrNoCard = errors.New("staffmenu: no card on the reader")

// TestCard reports whether the reader sees a card now (it reads nothing
// of it: the menu never shows a citizen's data).
func (m *Menu) TestCard(ctx context.Context) error {
	return m.d.Desk.Do(ctx, staff.PermDevices, "device.test", string(devices.KindIDCard), func() (string, error) {
		if m.d.CardPresent == nil {
			return "", ErrMissing
		}
		if !m.d.CardPresent() {
			return "", ErrNoCard
		}
		return "card seen", nil
	})
}

// TestSpeech speaks a test sentence.
func (m *Menu) TestSpeech(ctx context.Context) error {
	return m.d.Desk.Do(ctx, staff.PermDevices, "device.test", string(devices.KindAudio), func() (string, error) {
		if m.d.Speak == nil {
			return "", ErrMissing
		}
		return "spoken", m.d.Speak(ctx, "语音测试：您好，欢迎使用政务服务自助终端。")
	})
}

// Reprint prints the last 受理回执 again.
func (m *Menu) Reprint(ctx context.Context) error {
	return m.d.Desk.Do(ctx, staff.PermReprint, "receipt.reprint", m.d.Terminal, func() (string, error) {
		if m.d.Reprint == nil {
			return "", ErrMissing
		}
		return "reprinted", m.d.Reprint(ctx)
	})
}

// Leave ends the kiosk program; admin only. The login ends first.
func (m *Menu) Leave(ctx context.Context) error {
	err := m.d.Desk.Do(ctx, staff.PermLeave, "kiosk.leave", m.d.Terminal, func() (string, error) {
		if m.d.Leave == nil {
			return "", ErrMissing
		}
		return "kiosk left", m.d.Leave()
	})
	if err != nil {
		return err
	}
	m.d.Desk.LogOut(ctx, "leave")
	return nil
}
