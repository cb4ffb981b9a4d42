package speech

import (
	"context"
	"testing"
)

func TestGate(t *testing.T) {
	g := newGate()
	if err := g.wait(context.Background()); err != nil {
		t.Fatalf("idle gate: %v", err)
	}
	g.enter()
	g.enter()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.wait(ctx); err == nil {
		t.Fatal("busy gate let background work through")
	}
	g.leave()
	if err := g.wait(ctx); err == nil {
		t.Fatal("gate open with foreground work left")
	}
	g.leave()
	if err := g.wait(context.Background()); err != nil {
		t.Fatalf("gate after leave: %v", err)
	}
}

func TestParseEspeakVoices(t *testing.T) {
	out := []byte(`Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  af              --/M      Afrikaans          gmw/af
 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin  (zh-cmn 5)(zh 5)
`)
	v, err := parseEspeakVoices(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(v) != 2 || v[1].Name != "cmn-latn-pinyin" || v[1].Description != "Chinese (Mandarin, latin as Pinyin)" ||
		len(v[1].Languages) != 2 || v[1].Languages[0] != "zh-cmn" || v[1].Languages[1] != "zh" {
		t.Errorf("parsed %+v", v)
	}
	if _, err := parseEspeakVoices([]byte("nonsense")); err == nil {
		t.Error("accepted output without the table")
	}
}
