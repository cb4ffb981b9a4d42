package speech

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"strings"
)

// Voices lists espeak-ng's voices (`espeak-ng --voices`), in its order.
func (e *Espeak) Voices(ctx context.Context) ([]Voice, error) {
	out, err := e.run(ctx, nil, "--voices")
	if err != nil {
		return nil, err
	}
	voices, err := parseEspeakVoices(out)
	if err != nil {
		return nil, fmt.Errorf("speech: espeak-ng --voices: %w", err)
	}
	return voices, nil
}

// parseEspeakVoices reads the table espeak-ng --voices prints:
//
//	Pty Language       Age/Gender VoiceName          File                 Other Languages
//	 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin  (zh-cmn 5)(zh 5)
//
// The Language column is the name -v takes. A voice listed twice is kept
// once.
func parseEspeakVoices(out []byte) ([]Voice, error) {
	var voices []Voice
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	header := false
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if f[0] == "Pty" {
			header = true
			continue
		}
		if len(f) < 5 {
			return nil, fmt.Errorf("unexpected line %q", sc.Text())
		}
		v := Voice{Name: f[1], Description: strings.ReplaceAll(f[3], "_", " ")}
		for _, part := range strings.Split(strings.Join(f[5:], " "), ")") {
			part = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(part), "("))
			if tag, _, _ := strings.Cut(part, " "); tag != "" {
				v.Languages = append(v.Languages, tag)
			}
		}
		if seen[v.Name+"\x00"+v.Description] {
			continue
		}
		seen[v.Name+"\x00"+v.Description] = true
		voices = append(voices, v)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if !header {
		return nil, fmt.Errorf("no voice table in the output")
	}
	return voices, nil
}
