package window

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"hallkiosk/app/hall"
	"hallkiosk/app/journey"
	"hallkiosk/devices"
)

// rig is a hall bus with a window terminal's UI on Fyne's test driver
// and one kiosk agent.
type rig struct {
	t      *testing.T
	ui     *UI
	win    fyne.Window
	window *hall.Window
	agent  *hall.Agent

	mu      sync.Mutex
	drawn   Model
	updates chan hall.CallUpdate
	hints   chan hall.Hint
	view    hall.LiveView
}

func newRig(t *testing.T) *rig {
	t.Helper()
	test.NewTempApp(t)
	srv, err := hall.StartServer(hall.ServerOptions{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	connect := func(id string, role hall.Role) *hall.Bus {
		b, err := hall.Connect(hall.ClientOptions{URL: srv.URL(), Terminal: id, Role: role, ReconnectWait: 50 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(b.Close)
		for deadline := time.Now().Add(5 * time.Second); !b.Connected(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("not connected")
			}
		}
		return b
	}
	r := &rig{t: t, updates: make(chan hall.CallUpdate, 4), hints: make(chan hall.Hint, 4)}
	r.window, err = hall.StartWindow(hall.WindowOptions{Bus: connect("W1", hall.RoleWindow), CallsPath: filepath.Join(t.TempDir(), "calls.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.window.Close)
	r.view = hall.LiveView{Screen: "form", InSession: true, Items: []string{"下一步", "呼叫工作人员"},
		Journey: &journey.Snapshot{Journey: "apply", ServiceName: "社保缴费", Stage: 3, Stages: 4, StageName: "填写一张表",
			Fields: []journey.FieldView{{Number: 1, Label: "联系电话", Value: "136****5678", Filled: true}}}}
	r.agent = &hall.Agent{Bus: connect("K1", hall.RoleKiosk), Interval: 50 * time.Millisecond,
		Status: func(context.Context) hall.Status {
			return hall.Status{Screen: "form", InSession: true, Devices: map[devices.Kind]devices.Status{
				devices.KindIDCard: {State: devices.Online}, devices.KindReceipt: {State: devices.Online, Paper: devices.PaperNearEnd}},
				Outbox: &hall.OutboxStatus{Depth: 1}}
		},
		View: func() hall.LiveView {
			r.mu.Lock()
			defer r.mu.Unlock()
			return r.view
		},
		OnCallUpdate: func(u hall.CallUpdate) { r.updates <- u },
		OnHint:       func(h hall.Hint) { r.hints <- h },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = r.agent.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })

	r.win = test.NewTempWindow(t, nil)
	r.win.Resize(fyne.NewSize(1920, 1080))
	r.ui = New(r.win, Deps{Window: r.window, HallName: "东城区政务服务中心", OnDrawn: func(m Model) {
		r.mu.Lock()
		r.drawn = m
		r.mu.Unlock()
	}})
	r.ui.Start(context.Background())
	t.Cleanup(r.ui.Stop)
	return r
}

func (r *rig) waitFor(what string, cond func() bool) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			r.t.Fatalf("timed out waiting for %s; on screen: %q", what, r.texts())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// texts are every label's and button's text on screen.
func (r *rig) texts() []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(r.t, w).Objects() {
				walk(c)
			}
		}
	}
	var objs []fyne.CanvasObject
	fyne.DoAndWait(func() { objs = r.ui.root.Objects })
	for _, o := range objs {
		walk(o)
	}
	return out
}

func (r *rig) shows(s string) bool { return strings.Contains(strings.Join(r.texts(), "|"), s) }

// tap taps the first button with text.
func (r *rig) tap(text string) {
	r.t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch w := o.(type) {
		case *widget.Button:
			if w.Text == text {
				found = w
			}
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(r.t, w).Objects() {
				walk(c)
			}
		}
	}
	fyne.DoAndWait(func() {
		for _, o := range r.ui.root.Objects {
			walk(o)
		}
	})
	if found == nil {
		r.t.Fatalf("no button %q on screen: %q", text, r.texts())
	}
	test.Tap(found)
}

func TestWindowShowsCallsAndAcceptsThem(t *testing.T) {
	r := newRig(t)
	r.waitFor("the kiosk's devices", func() bool {
		return r.shows("凭条打印机 正常（纸将用完）") && r.shows("离线待发：1件")
	})
	c, err := r.agent.Call(context.Background(), hall.Call{Service: "SB-0201", ServiceName: "社保缴费", Stage: 3, Stages: 4, StageName: "填写一张表"})
	if err != nil {
		t.Fatal(err)
	}
	r.waitFor("the call", func() bool {
		return r.shows("K1  群众呼叫：社保缴费，第3步，共4步 填写一张表") && r.shows("呼叫（1个待接）")
	})
	r.tap("接单")
	select {
	case u := <-r.updates:
		if u.ID != c.ID || u.State != hall.CallAccepted {
			t.Fatalf("update %+v", u)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the kiosk never heard the call accepted")
	}
	r.waitFor("the call accepted", func() bool { return r.shows("呼叫（0个待接）") && r.shows("已接单") })
	r.tap("完成")
	r.waitFor("the call closed", func() bool { return r.shows("没有待处理的呼叫") })
}

func TestWindowLiveViewAndPointing(t *testing.T) {
	r := newRig(t)
	r.waitFor("the kiosk", func() bool { return r.shows("K1 自助终端") })
	r.tap("在线帮办")
	r.waitFor("the live view", func() bool {
		return r.shows("在线帮办：K1") && r.shows("第3步，共4步：填写一张表") && r.shows("联系电话：136****5678")
	})
	r.mu.Lock()
	r.view.Journey.Stage, r.view.Journey.StageName, r.view.Screen = 4, "确认提交，打印回执", "confirm"
	r.mu.Unlock()
	r.agent.Changed()
	r.waitFor("the change", func() bool { return r.shows("当前页面：核对信息") && r.shows("第4步，共4步") })
	r.tap("下一步")
	select {
	case h := <-r.hints:
		if h.Item != "item:下一步" {
			t.Fatalf("hint %+v", h)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no hint reached the kiosk")
	}
	r.tap("关闭")
	r.waitFor("the view closed", func() bool { return !r.shows("在线帮办：K1") })
}
