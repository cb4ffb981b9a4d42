package pinyin

import "unicode/utf8"

// Spell writes each text in pinyin: one toneless syllable per character,
// "" for a character the dictionary cannot spell (Latin letters, digits,
// punctuation, rare characters). Readings come from whole words where the
// dictionary has them, longest first, so a character with several readings
// is read as the word says (银行 → yin hang, 行政 → xing zheng, 重新 → chong
// xin); a character outside any word takes its most frequent reading.
//
// All texts are spelled in one pass over the dictionary, so spelling a
// whole catalog costs about as much as spelling one name.
func (d *Dict) Spell(texts []string) [][]string {
	if d == nil {
		return make([][]string, len(texts))
	}
	return spellWith(texts, []*Dict{d})
}

// spellWith spells as Spell does with several dictionaries: a run of
// characters takes its reading from the first dictionary that has it.
func spellWith(texts []string, dicts []*Dict) [][]string {
	maxSyl := 0
	for _, d := range dicts {
		maxSyl = max(maxSyl, d.maxSyl)
	}
	// Every run of up to maxSyl characters of the texts, with the best
	// entry spelling it (dict -1: none yet).
	type ref struct{ dict, entry int }
	best := map[string]ref{}
	for _, t := range texts {
		for i := range t {
			end := i
			for n := 0; n < maxSyl && end < len(t); n++ {
				_, size := utf8.DecodeRuneInString(t[end:])
				end += size
				best[t[i:end]] = ref{-1, -1}
			}
		}
	}
	for k, d := range dicts {
		for e := range d.weight {
			text := d.entryText(e)
			b, ok := best[text]
			if ok && (b.dict < 0 || (b.dict == k && d.weight[e] > d.weight[b.entry])) {
				best[text] = ref{k, e}
			}
		}
	}
	out := make([][]string, len(texts))
	for k, t := range texts {
		runes := utf8.RuneCountInString(t)
		syl := make([]string, 0, runes)
		for i := 0; i < len(t); {
			// The longest word starting here, down to the single character.
			var ends []int
			end := i
			for n := 0; n < maxSyl && end < len(t); n++ {
				_, size := utf8.DecodeRuneInString(t[end:])
				end += size
				ends = append(ends, end)
			}
			used := false
			for j := len(ends) - 1; j >= 0; j-- {
				b := best[t[i:ends[j]]]
				if b.dict < 0 || len(dicts[b.dict].entrySyl(b.entry)) != j+1 {
					continue
				}
				for _, id := range dicts[b.dict].entrySyl(b.entry) {
					syl = append(syl, spellings[id])
				}
				i, used = ends[j], true
				break
			}
			if !used {
				syl = append(syl, "")
				i = ends[0]
			}
		}
		out[k] = syl
	}
	return out
}

// Speller spells with the dictionary at Path (DefaultPath when empty),
// loading it for each call and letting it go after: a caller that spells
// rarely, like the catalog twice an hour, holds no dictionary in between.
type Speller struct{ Path string }

// Spell loads the dictionary and spells texts (see Dict.Spell); it returns
// the error when the dictionary cannot be loaded.
func (s Speller) Spell(texts []string) ([][]string, error) {
	path := s.Path
	if path == "" {
		path = DefaultPath
	}
	d, err := Load(path)
	if err != nil {
		return nil, err
	}
	return d.Spell(texts), nil
}
