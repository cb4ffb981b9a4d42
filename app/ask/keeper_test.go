package ask_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/ask"
	"hallkiosk/app/catalog"
	"hallkiosk/app/clock"
	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
	"hallkiosk/internal/privacy"
)

const token = "ask-test-token"

// portalRig starts portalsim and a client of it.
func portalRig(t *testing.T) (*server.Server, *portal.Client) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	sim, err := server.Start(ctx, server.Options{Addr: "127.0.0.1:0", DataDir: t.TempDir(), Token: token, Seed: 1})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); sim.Close() })
	return sim, client(t, sim.URL())
}

func client(t *testing.T, url string) *portal.Client {
	t.Helper()
	c, err := portal.New(portal.Options{BaseURL: url, Token: token, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func demoCatalog(t *testing.T) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.New(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestFAQRefreshWithETag: the FAQ comes with an ETag, is cached, and the
// next refresh sends it and is answered 304.
func TestFAQRefreshWithETag(t *testing.T) {
	_, c := portalRig(t)
	path := filepath.Join(t.TempDir(), "faq.json")
	faq, etag, changed, err := ask.Refresh(context.Background(), c, path, "")
	if err != nil || !changed || etag == "" || len(faq.Items) < 60 {
		t.Fatalf("first refresh: changed %v etag %q items %d err %v", changed, etag, len(faq.Items), err)
	}
	cached, cachedETag, ok := ask.LoadCache(path)
	if !ok || cachedETag != etag || len(cached.Items) != len(faq.Items) {
		t.Fatalf("cache: ok %v etag %q", ok, cachedETag)
	}
	_, etag2, changed, err := ask.Refresh(context.Background(), c, path, etag)
	if err != nil || changed || etag2 != etag {
		t.Fatalf("second refresh: changed %v etag %q err %v (want 304, unchanged)", changed, etag2, err)
	}
	// The demo FAQ names only services the catalog has.
	cat := demoCatalog(t)
	for _, it := range faq.Items {
		for _, code := range it.ServiceCodes {
			if _, ok := cat.Get(code); !ok {
				t.Errorf("%s names %s, not in the demo catalog", it.ID, code)
			}
		}
	}
	// A broken cache file is not taken.
	os.WriteFile(path, []byte("{"), 0o600)
	if _, _, ok := ask.LoadCache(path); ok {
		t.Error("a corrupt cache loaded")
	}
	if _, _, ok := ask.LoadCache("/dev/zero"); ok {
		t.Error("an endless cache loaded")
	}
}

// runKeeper runs a keeper until the test ends and waits for its first
// index.
func runKeeper(t *testing.T, k *ask.Keeper) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	built := k.Built()
	go func() { defer close(done); k.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	waitBuilt(t, built)
}

func waitBuilt(t *testing.T, built <-chan struct{}) {
	t.Helper()
	select {
	case <-built:
	case <-time.After(20 * time.Second):
		t.Fatal("no index built")
	}
}

func first(d *ask.Desk, q string) string {
	a := d.Ask(q)
	if len(a.Results) == 0 {
		return ""
	}
	return a.Results[0].Entry.ID
}

// TestOfflineStartFromCache: a kiosk whose portal is down answers from the
// FAQ it cached before; without any cache, from the catalog alone.
func TestOfflineStartFromCache(t *testing.T) {
	sim, c := portalRig(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "faq.json")
	if _, _, _, err := ask.Refresh(context.Background(), c, path, ""); err != nil {
		t.Fatal(err)
	}
	dead := sim.URL()
	sim.Close()

	desk := &ask.Desk{}
	k := &ask.Keeper{Desk: desk, Portal: client(t, dead), CachePath: path, Catalog: demoCatalog(t), Every: time.Hour}
	runKeeper(t, k)
	if got := first(desk, "公积金多久到账"); got != "GJJ-02" {
		t.Errorf("offline, from the cache: %q, want GJJ-02", got)
	}

	fresh := &ask.Desk{}
	k2 := &ask.Keeper{Desk: fresh, Portal: client(t, dead), CachePath: filepath.Join(dir, "none.json"), Catalog: demoCatalog(t), Every: time.Hour}
	runKeeper(t, k2)
	if got := first(fresh, "住房公积金提取要多久"); got != "GJJ-0301/time" {
		t.Errorf("offline without a cache: %q, want the catalog's GJJ-0301/time", got)
	}
}

// TestChangedFAQAdoptedBetweenCitizens: a FAQ the portal changes while a
// citizen is at the kiosk reaches the next citizen, not this one.
func TestChangedFAQAdoptedBetweenCitizens(t *testing.T) {
	sim, c := portalRig(t)
	session := app.NewSession(clock.Real{}, app.SessionConfig{IdleTimeout: time.Hour, ElderIdleTimeout: time.Hour,
		Warning: time.Minute, Ending: time.Second, TempBase: t.TempDir()})
	defer session.Close()
	desk := &ask.Desk{Idle: func() bool { return session.Snapshot().State == app.StateAttract }}
	session.OnWipe(desk.Between)
	k := &ask.Keeper{Desk: desk, Portal: c, CachePath: filepath.Join(t.TempDir(), "faq.json"), Catalog: demoCatalog(t), Every: 50 * time.Millisecond}
	built := k.Built()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); k.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitBuilt(t, built) // from the catalog (no cache yet)
	waitBuilt(t, built) // with the portal's FAQ
	const q = "大厅有没有充电宝可以借"
	if got := first(desk, q); got == "NEW-01" {
		t.Fatal("answered from a FAQ the portal has not published")
	}

	session.Start() // a citizen
	faq, err := ask.DemoFAQ()
	if err != nil {
		t.Fatal(err)
	}
	faq.Version = "demo-faq-2"
	faq.Items = append(faq.Items, portal.FAQItem{ID: "NEW-01", Question: "大厅能借充电宝吗？", Answer: "服务台可以免费借充电宝，用完请归还。", Keywords: []string{"充电宝", "手机没电"}})
	if err := sim.SetFAQ(faq); err != nil {
		t.Fatal(err)
	}
	waitBuilt(t, built)
	if got := first(desk, q); got == "NEW-01" {
		t.Fatal("the new FAQ reached the citizen already at the kiosk")
	}
	session.Cancel() // the citizen leaves; the session is wiped
	deadline := time.Now().Add(10 * time.Second)
	for first(desk, q) != "NEW-01" {
		if time.Now().After(deadline) {
			t.Fatalf("the next citizen gets %q, want NEW-01", first(desk, q))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestQuestionMaskedBeforeCounting: an ID number, a phone number or the
// citizen's own name in a question never reaches the counts, in memory or
// on disk.
func TestQuestionMaskedBeforeCounting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ask-counts.json")
	counter, err := ask.OpenCounter(path)
	if err != nil {
		t.Fatal(err)
	}
	faq, _ := ask.DemoFAQ()
	known := &privacy.Redactor{}
	known.Add(privacy.KindName, "王秀兰")
	desk := &ask.Desk{Counter: counter, Known: func() *privacy.Redactor { return known }}
	desk.Offer(ask.NewIndex(ask.Knowledge(faq, demoCatalog(t)), nil))
	secrets := []string{"11010519491231002X", "13812345678", "王秀兰"}
	a := desk.Ask("我身份证号11010519491231002X丢了怎么补办，电话13812345678，我叫王秀兰")
	if len(a.Results) == 0 || a.Results[0].Entry.ID != "GA-01" {
		t.Errorf("answered %v, want GA-01 first", a.Results)
	}
	desk.Rate(a, a.Results[0].Entry.ID, false)
	desk.Ask("138 1234 5678 社保卡丢了")
	if err := counter.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if strings.Contains(string(data), s) {
			t.Errorf("counts file holds %q: %s", s, data)
		}
	}
	for q := range counter.Snapshot().Questions {
		for _, s := range secrets {
			if strings.Contains(q, s) {
				t.Errorf("counted question %q holds %q", q, s)
			}
		}
	}
	if !strings.Contains(string(data), "110105********002X") {
		t.Errorf("the masked number is not counted: %s", data)
	}
	top := counter.TopUnanswered(5)
	if len(top) == 0 {
		t.Error("a 没帮助 answer is not among the unanswered questions")
	}
	again, err := ask.OpenCounter(path)
	if err != nil || len(again.Snapshot().Questions) != 2 {
		t.Errorf("counts read back: %v %v", again.Snapshot().Questions, err)
	}
}
