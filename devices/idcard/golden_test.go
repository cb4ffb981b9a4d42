package idcard_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCase is one complete read reply, kept as hex under testdata/golden
// with the view it must decode to.
type goldenCase struct {
	name        string
	card        *idcard.Card
	fingerprint bool
}

func goldenCases() []goldenCase {
	s := idcardsim.SampleCards()
	s[2].AppendedAddress = "" // not part of the 30 01 reply; 30 03 is tested on its own
	withFP := idcardsim.SampleCards()[0]
	withFP.Fingerprint = bytes.Repeat([]byte{0x43, 0x01}, 512)
	return []goldenCase{
		{"resident", s[0], false},
		{"resident_middle_dot_long_term", s[1], false},
		{"resident_rare_character", s[2], false},
		{"hmt_residence_J", s[3], false},
		{"foreign_permanent_2017_I", s[4], false},
		{"resident_with_fingerprint_3010", withFP, true},
	}
}

// replyFrame builds the full 30 01 / 30 10 reply frame of a card.
func replyFrame(t testing.TB, c *idcard.Card, fingerprint bool) []byte {
	t.Helper()
	text, err := idcard.EncodeText(c)
	if err != nil {
		t.Fatal(err)
	}
	payload := idcard.AppendReadData([]byte{0, 0, 0x90}, text[:], c.Photo, c.Fingerprint, fingerprint)
	return idcard.AppendFrame(nil, payload)
}

func writeHex(t *testing.T, path string, b []byte) {
	var sb strings.Builder
	for i := 0; i < len(b); i += 32 {
		sb.WriteString(hex.EncodeToString(b[i:min(i+32, len(b))]))
		sb.WriteByte('\n')
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

type goldenView struct {
	View   idcard.View `json:"view"`
	Masked idcard.View `json:"masked"`
}

func TestGoldenLayouts(t *testing.T) {
	dir := filepath.Join("testdata", "golden")
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			hexPath := filepath.Join(dir, tc.name+".hex")
			jsonPath := filepath.Join(dir, tc.name+".json")
			if *update {
				writeHex(t, hexPath, replyFrame(t, tc.card, tc.fingerprint))
				js, _ := json.MarshalIndent(goldenView{tc.card.View(), tc.card.Masked()}, "", "  ")
				if err := os.WriteFile(jsonPath, append(js, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			raw, err := os.ReadFile(hexPath)
			if err != nil {
				t.Fatal(err)
			}
			frame, err := hex.DecodeString(strings.ReplaceAll(string(raw), "\n", ""))
			if err != nil {
				t.Fatal(err)
			}
			wantLen := 1295
			if tc.fingerprint {
				wantLen = 1295 + 2 + len(tc.card.Fingerprint)
			}
			if len(frame) != wantLen {
				t.Fatalf("golden frame is %d bytes, want %d", len(frame), wantLen)
			}
			var d idcard.Decoder
			d.Write(frame)
			f, ok, err := d.Next()
			if !ok || err != nil {
				t.Fatalf("decoder: ok %v err %v", ok, err)
			}
			resp, err := f.Response()
			if err != nil {
				t.Fatal(err)
			}
			cmd := idcard.CmdReadText
			if tc.fingerprint {
				cmd = idcard.CmdReadFingerprint
			}
			if err := resp.Err(cmd); err != nil {
				t.Fatal(err)
			}
			card, err := idcard.ParseCard(resp.Data, tc.fingerprint)
			if err != nil {
				t.Fatal(err)
			}
			var want goldenView
			js, err := os.ReadFile(jsonPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			if got := card.View(); got != want.View {
				t.Errorf("view\n got %+v\nwant %+v", got, want.View)
			}
			if got := card.Masked(); got != want.Masked {
				t.Errorf("masked\n got %+v\nwant %+v", got, want.Masked)
			}
		})
	}
}

// TestFuzzSeeds keeps the seed corpora of FuzzDecoder and FuzzParseText
// under testdata/fuzz in step with the golden frames (rewritten with
// -update; checked to exist otherwise).
func TestFuzzSeeds(t *testing.T) {
	type seed struct {
		name  string
		bytes []byte
		chunk uint16
	}
	var dec, text []seed
	noise := []byte{0x00, 0xAA, 0xAA, 0x96, 0xFF, 0xAA, 0xAA, 0xAA, 0x96, 0x00}
	for _, tc := range goldenCases() {
		frame := replyFrame(t, tc.card, tc.fingerprint)
		dec = append(dec,
			seed{tc.name, frame, 511},
			seed{tc.name + "_noise_split", append(append(append([]byte{}, noise...), frame...), noise...), 7})
		tb, _ := idcard.EncodeText(tc.card)
		text = append(text, seed{tc.name, tb[:], 0})
	}
	badCheck := idcardsim.SampleCards()[0]
	badCheck.IDNumber = badCheck.IDNumber[:17] + "0"
	bt, _ := idcard.EncodeText(badCheck)
	yt := idcardsim.Sample2023Text()
	for _, s := range []seed{{"bad_check_character", bt[:], 0}, {"layout_Y", yt[:], 0}} {
		text = append(text, s)
		payload := idcard.AppendReadData([]byte{0, 0, 0x90}, s.bytes, idcardsim.SyntheticPhoto(s.name), nil, false)
		dec = append(dec, seed{s.name, idcard.AppendFrame(nil, payload), 64})
	}
	corrupt := replyFrame(t, idcardsim.SampleCards()[1], false)
	corrupt[len(corrupt)-1] ^= 0x01
	dec = append(dec, seed{"bad_frame_checksum", corrupt, 100})

	for dir, seeds := range map[string][]seed{"FuzzDecoder": dec, "FuzzParseText": text} {
		dir = filepath.Join("testdata", "fuzz", dir)
		for _, s := range seeds {
			path := filepath.Join(dir, s.name)
			if *update {
				body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(s.bytes)) + ")\n"
				if dir == filepath.Join("testdata", "fuzz", "FuzzDecoder") {
					body += "uint16(" + strconv.Itoa(int(s.chunk)) + ")\n"
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := os.Stat(path); err != nil {
				t.Errorf("seed missing (run go test -run FuzzSeeds -update): %v", err)
			}
		}
	}
}
