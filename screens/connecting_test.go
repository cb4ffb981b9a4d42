package screens

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"hallkiosk/app"
	"hallkiosk/app/catalog"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
	"hallkiosk/speech"
)

// TestConnectingScreenUntilTheFirstCatalog: a kiosk without a catalog
// shows 正在连接服务平台 with the hall's help (the 网办优先窗口, the
// hotline) and not one service; a key starts voice navigation and the
// screen is spoken, the hotline digit by digit; an unusable answer from
// the platform is said plainly; a citizen's key or a failed attempt never
// leaves the screen; the first catalog replaces it with home at once.
func TestConnectingScreenUntilTheFirstCatalog(t *testing.T) {
	k := newTestKioskWith(t, fyne.NewSize(landscapeW, landscapeH), portal.Catalog{})
	demo, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	if got := k.ui.Shown().ID; got != ScreenConnecting {
		t.Fatalf("a kiosk without a catalog shows %s", got)
	}
	shown := strings.Join(pageTexts(k), "|")
	for _, want := range []string{"正在连接政务服务平台", "网办优先窗口", "12345"} {
		if !strings.Contains(shown, want) {
			t.Errorf("the connecting screen does not show %q: %s", want, shown)
		}
	}
	for _, it := range demo.Items {
		if strings.Contains(shown, it.Name) {
			t.Errorf("the connecting screen shows the demo's service %q", it.Name)
		}
	}

	// A failed attempt: still here, and it says it keeps trying.
	k.ui.SetCatalogWait(catalog.Wait{Attempts: 1, Problem: catalog.ProblemUnreachable})
	if k.ui.Shown().ID != ScreenConnecting || !strings.Contains(strings.Join(pageTexts(k), "|"), "已尝试 1 次") {
		t.Fatalf("after a failed attempt: %s %v", k.ui.Shown().ID, pageTexts(k))
	}

	// 听语音说明: voice navigation on, the screen spoken.
	k.tap(t, "听语音说明")
	if !k.session.Snapshot().Mode.Voice {
		t.Fatal("听语音说明 did not turn the voice on")
	}
	if k.ui.Shown().ID != ScreenConnecting {
		t.Fatalf("a started session left the connecting screen for %s", k.ui.Shown().ID)
	}
	said := strings.Join(k.said(), "|")
	for _, want := range []string{connectingTitle, "网办优先窗口", speech.Phone("12345")} {
		if !strings.Contains(said, want) {
			t.Errorf("not said: %q in %q", want, said)
		}
	}

	// The platform answers garbage: said plainly, shown and spoken.
	k.ui.SetCatalogWait(catalog.Wait{Attempts: 2, Problem: catalog.ProblemUnusable})
	if got := shownAndSaid(k); !strings.Contains(got, "服务平台返回的服务目录无法使用") {
		t.Errorf("an unusable answer is not said plainly: %s", got)
	}
	if k.ui.Shown().ID != ScreenConnecting {
		t.Fatalf("an unusable answer left the connecting screen for %s", k.ui.Shown().ID)
	}

	// The catalog arrives: home at once, with its services.
	cat, err := catalog.New(demo, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	k.ui.SetCatalog(cat)
	if k.ui.Connecting() || k.ui.Shown().ID != app.ScreenHome {
		t.Fatalf("after the catalog: connecting %v, on %s", k.ui.Connecting(), k.ui.Shown().ID)
	}
	shown = strings.Join(pageTexts(k), "|")
	if strings.Contains(shown, connectingTitle) {
		t.Errorf("home still says %s", connectingTitle)
	}
	services := 0
	for _, it := range demo.Items {
		if strings.Contains(shown, it.Name) {
			services++
		}
	}
	if services == 0 {
		t.Errorf("home shows none of the catalog's services: %s", shown)
	}
	// A late report of a failed attempt changes nothing.
	k.ui.SetCatalogWait(catalog.Wait{Attempts: 3, Problem: catalog.ProblemUnreachable})
	if k.ui.Shown().ID != app.ScreenHome {
		t.Fatalf("a late failed attempt brought back %s", k.ui.Shown().ID)
	}
}
