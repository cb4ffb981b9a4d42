package speech_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if err := c.Prune(1); err != nil {
		t.Fatal(err)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("Prune(1) kept %v", files)
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
	h := speechtest.NewSpeaker(t, speechtest.Options{Cache: c})
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
