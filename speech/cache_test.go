package speech_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCachePutGet(t *testing.T) {
	c, err := speech.OpenCache(filepath.Join(t.TempDir(), "cache"))
	if err != nil {
		t.Fatal(err)
	}
	key := speech.CacheKey{Engine: "e1", Voice: speech.DefaultVoice, Rate: speech.RateNormal, Text: "请选择办理的事项"}
	if _, ok, err := c.Get(key); ok || err != nil {
		t.Fatalf("empty cache: ok=%v err=%v", ok, err)
	}
	pcm := speechtest.Silence(50)
	pcm.Data[0] = 7
	if err := c.Put(key, pcm); err != nil {
		t.Fatal(err)
	}
	got, ok, err := c.Get(key)
	if !ok || err != nil || got.Format != pcm.Format || !bytes.Equal(got.Data, pcm.Data) {
		t.Fatalf("Get = %s %d bytes, %v, %v", got.Format, len(got.Data), ok, err)
	}
	// Every field of the key matters.
	for _, other := range []speech.CacheKey{
		{Engine: "e2", Voice: key.Voice, Rate: key.Rate, Text: key.Text},
		{Engine: key.Engine, Voice: "cmn", Rate: key.Rate, Text: key.Text},
		{Engine: key.Engine, Voice: key.Voice, Rate: speech.RateSlow, Text: key.Text},
		{Engine: key.Engine, Voice: key.Voice, Rate: key.Rate, Text: key.Text + "。"},
	} {
		if _, ok, _ := c.Get(other); ok {
			t.Errorf("hit for %+v", other)
		}
	}
	files := cacheFiles(t, c.Dir())
	if len(files) != 1 || !strings.HasSuffix(files[0], ".pcm") || len(files[0]) != 64+4 {
		t.Errorf("files %v, want one <sha256>.pcm", files)
	}
	b, _ := os.ReadFile(filepath.Join(c.Dir(), files[0]))
	if bytes.Contains(b, []byte(key.Text)) {
		t.Error("the cache file contains the text")
	}
}

func TestCacheDamagedEntries(t *testing.T) {
	damage := map[string]func([]byte) []byte{
		"truncated":   func(b []byte) []byte { return b[:len(b)-10] },
		"bit flip":    func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"bad magic":   func(b []byte) []byte { b[0] = 'X'; return b },
		"empty":       func([]byte) []byte { return nil },
		"header only": func(b []byte) []byte { return b[:32] },
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			c, err := speech.OpenCache(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			key := speech.CacheKey{Engine: "e", Voice: "v", Rate: speech.RateNormal, Text: "返回"}
			if err := c.Put(key, speechtest.Silence(20)); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(c.Dir(), cacheFiles(t, c.Dir())[0])
			b, _ := os.ReadFile(path)
			if err := os.WriteFile(path, f(b), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, ok, err := c.Get(key); ok || err != nil {
				t.Fatalf("damaged entry: ok=%v err=%v, want a miss", ok, err)
			}
			if c.Corrupt() != 1 {
				t.Errorf("Corrupt = %d", c.Corrupt())
			}
			if files := cacheFiles(t, c.Dir()); len(files) != 0 {
				t.Errorf("damaged file kept: %v", files)
			}
		})
	}
}

func TestCacheOpenRemovesTempFilesAndPrune(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".tmp-123"), []byte("half"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := speech.OpenCache(dir)
	if err != nil {
		t.Fatal(err)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("left over: %v", files)
	}
	for _, text := range []string{"一", "二", "三"} {
		if err := c.Put(speech.CacheKey{Text: text}, speechtest.Silence(100)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Prune(time.Now(), speech.Limits{MaxBytes: 1}); err != nil {
		t.Fatal(err)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("Prune to 1 byte kept %v", files)
	}
}

// putAt stores a 100 ms prompt for text and dates its file at mod; it
// returns the file's name and size.
func putAt(t *testing.T, c *speech.Cache, text string, mod time.Time) (string, int64) {
	t.Helper()
	before := map[string]bool{}
	for _, n := range cacheFiles(t, c.Dir()) {
		before[n] = true
	}
	must(t, c.Put(speech.CacheKey{Engine: "e", Voice: "v", Rate: speech.RateNormal, Text: text}, speechtest.Silence(100)))
	for _, n := range cacheFiles(t, c.Dir()) {
		if !before[n] {
			path := filepath.Join(c.Dir(), n)
			must(t, os.Chtimes(path, mod, mod))
			info, err := os.Stat(path)
			must(t, err)
			return n, info.Size()
		}
	}
	t.Fatalf("Put %q made no file", text)
	return "", 0
}

func cacheBytes(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	for _, name := range cacheFiles(t, dir) {
		info, err := os.Stat(filepath.Join(dir, name))
		must(t, err)
		n += info.Size()
	}
	return n
}

// TestCachePruneBySizeOldestFirst: over its size bound, the cache loses its
// least recently used entries until it is under the bound, and nothing
// else; a temporary file being written is never touched.
func TestCachePruneBySizeOldestFirst(t *testing.T) {
	c, err := speech.OpenCache(t.TempDir())
	must(t, err)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	var names []string
	var size int64
	for i, text := range []string{"一", "二", "三", "四", "五"} {
		// "一" is the oldest, "五" the newest.
		n, sz := putAt(t, c, text, now.Add(time.Duration(i-10)*time.Hour))
		names, size = append(names, n), sz
	}
	writing := filepath.Join(c.Dir(), ".tmp-writing")
	must(t, os.WriteFile(writing, []byte("half a prompt"), 0o600))

	limit := 2*size + size/2 // room for two and a half entries
	res, err := c.Prune(now, speech.Limits{MaxBytes: limit, MaxAge: 30 * 24 * time.Hour})
	must(t, err)
	if res.Evicted != 3 || res.Expired != 0 || res.Files != 2 || res.Bytes != 2*size || res.Freed != 3*size {
		t.Errorf("Prune = %+v; want 3 evicted, 2 kept (%d bytes)", res, 2*size)
	}
	got := cacheFiles(t, c.Dir())
	want := []string{".tmp-writing", names[3], names[4]}
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want the two newest and the file being written %v", got, want)
	}
	if b := cacheBytes(t, c.Dir()) - int64(len("half a prompt")); b > limit {
		t.Errorf("%d bytes of prompts left, over the %d bound", b, limit)
	}

	// Under the bound, nothing goes.
	res, err = c.Prune(now, speech.Limits{MaxBytes: limit, MaxAge: 30 * 24 * time.Hour})
	must(t, err)
	if res.Evicted+res.Expired != 0 || len(cacheFiles(t, c.Dir())) != 3 {
		t.Errorf("second Prune removed something: %+v", res)
	}
}

// TestCachePruneByAge: an entry unused for longer than the age bound goes,
// even when the cache is under its size bound; so does a temporary file
// abandoned long ago, while a fresh one (a Put in progress) stays.
func TestCachePruneByAge(t *testing.T) {
	c, err := speech.OpenCache(t.TempDir())
	must(t, err)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	old, _ := putAt(t, c, "旧的提示", now.Add(-31*24*time.Hour))
	recent, _ := putAt(t, c, "新的提示", now.Add(-29*24*time.Hour))
	stale := filepath.Join(c.Dir(), ".tmp-stale")
	must(t, os.WriteFile(stale, []byte("x"), 0o600))
	must(t, os.Chtimes(stale, now.Add(-2*time.Hour), now.Add(-2*time.Hour)))
	fresh := filepath.Join(c.Dir(), ".tmp-fresh")
	must(t, os.WriteFile(fresh, []byte("x"), 0o600))
	must(t, os.Chtimes(fresh, now, now))

	res, err := c.Prune(now, speech.Limits{MaxBytes: 1 << 30, MaxAge: 30 * 24 * time.Hour})
	must(t, err)
	if res.Expired != 1 || res.Evicted != 0 || res.Files != 1 {
		t.Errorf("Prune = %+v; want 1 expired, 1 kept", res)
	}
	got := cacheFiles(t, c.Dir())
	sort.Strings(got)
	if want := []string{".tmp-fresh", recent}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v (not %s)", got, want, old)
	}
}

// TestCacheUseKeepsAnEntry: Get and Has mark an entry used, so the size
// bound drops the prompts nobody asked for, not the ones in daily use.
func TestCacheUseKeepsAnEntry(t *testing.T) {
	c, err := speech.OpenCache(t.TempDir())
	must(t, err)
	long := time.Now().Add(-48 * time.Hour)
	key := func(text string) speech.CacheKey {
		return speech.CacheKey{Engine: "e", Voice: "v", Rate: speech.RateNormal, Text: text}
	}
	used, size := putAt(t, c, "请选择办理的事项", long.Add(-time.Hour)) // the oldest…
	checked, _ := putAt(t, c, "返回", long.Add(-time.Minute))
	putAt(t, c, "没人再用的提示", long)
	if _, ok, err := c.Get(key("请选择办理的事项")); !ok || err != nil { // …but played now
		t.Fatalf("Get: %v %v", ok, err)
	}
	if ok, err := c.Has(key("返回")); !ok || err != nil { // …and still warmed
		t.Fatalf("Has: %v %v", ok, err)
	}
	res, err := c.Prune(time.Now(), speech.Limits{MaxBytes: 2 * size, MaxAge: 24 * time.Hour * 30})
	must(t, err)
	got := cacheFiles(t, c.Dir())
	sort.Strings(got)
	want := []string{used, checked}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("kept %v, want the entries just used %v (%+v)", got, want, res)
	}
}

// TestCacheHitAvoidsSynthesis: a prompt said twice is synthesized once;
// a damaged entry is synthesized again; private text never reaches the disk.
func TestCacheHitAvoidsSynthesis(t *testing.T) {
	ctx := deadline(t)
	c, err := speech.OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := speechtest.NewSpeaker(t, speechtest.Options{Cache: c, Echo: true})
	say := func(u speech.Utterance) {
		t.Helper()
		h.Recorder.Reset()
		if err := h.Speaker.Say(context.Background(), u); err != nil {
			t.Fatal(err)
		}
		if e, err := h.Recorder.WaitDone(ctx, u.Text); err != nil || e.Kind != speech.EventFinished {
			t.Fatalf("%v %v", e, err)
		}
	}
	home := speech.Utterance{Text: "欢迎使用政务服务自助终端"}
	say(home)
	say(home)
	if n := h.Engine.Count(); n != 1 {
		t.Errorf("said twice, synthesized %d times; want 1", n)
	}
	files := cacheFiles(t, c.Dir())
	if len(files) != 1 {
		t.Fatalf("cache files %v", files)
	}
	if err := os.WriteFile(filepath.Join(c.Dir(), files[0]), []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	say(home)
	if n := h.Engine.Count(); n != 2 {
		t.Errorf("damaged entry: synthesized %d times in all, want 2", n)
	}
	if _, ok, _ := c.Get(speech.CacheKey{Engine: h.Engine.ID(), Voice: speech.DefaultVoice, Rate: speech.RateNormal, Text: home.Text}); !ok {
		t.Error("damaged entry not replaced")
	}

	id := speech.Utterance{Text: speech.IDNumber("11010519491231002X"), Private: true}
	say(id)
	say(id)
	if n := h.Engine.Count(); n != 4 {
		t.Errorf("private text: %d syntheses in all, want 4 (never from the cache)", n)
	}
	if files := cacheFiles(t, c.Dir()); len(files) != 1 {
		t.Errorf("private text reached the disk: %v", files)
	}
	// The fake engine echoes its text into the audio: the public prompt is
	// on disk, the private one nowhere.
	if !cacheHolds(t, c.Dir(), home.Text) {
		t.Error("the echo engine's audio is not what the cache holds; the check below is blind")
	}
	if cacheHolds(t, c.Dir(), id.Text) {
		t.Error("a private utterance's audio is in the cache")
	}
}

// cacheHolds reports whether any file in dir contains text.
func cacheHolds(t *testing.T, dir, text string) bool {
	t.Helper()
	for _, name := range cacheFiles(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		must(t, err)
		if bytes.Contains(b, []byte(text)) {
			return true
		}
	}
	return false
}

func TestCacheHas(t *testing.T) {
	c, err := speech.OpenCache(t.TempDir())
	must(t, err)
	key := speech.CacheKey{Engine: "e", Voice: "v", Rate: speech.RateSlow, Text: "结束办理"}
	if ok, err := c.Has(key); ok || err != nil {
		t.Fatalf("empty: %v %v", ok, err)
	}
	must(t, c.Put(key, speechtest.Silence(30)))
	if ok, err := c.Has(key); !ok || err != nil {
		t.Fatalf("stored: %v %v", ok, err)
	}
	path := filepath.Join(c.Dir(), cacheFiles(t, c.Dir())[0])
	b, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, b[:len(b)-2], 0o600))
	if ok, err := c.Has(key); ok || err != nil {
		t.Fatalf("truncated: %v %v", ok, err)
	}
	if files := cacheFiles(t, c.Dir()); len(files) != 0 {
		t.Errorf("truncated entry kept: %v", files)
	}
}
