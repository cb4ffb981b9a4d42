package pinyin

import "unicode/utf8"

// Readings returns the most frequent toneless reading of every single
// character the dictionary holds ("积" → "ji", "鸡" → "ji"). It is for
// matching Chinese text by sound, where a citizen picked the wrong one of
// several characters with the same pinyin on the keyboard: the
// strings are the dictionary's own syllables, so the map costs about one
// entry per character (some 17,000). A nil Dict has none.
func (d *Dict) Readings() map[rune]string {
	if d == nil {
		return nil
	}
	out := make(map[rune]string, 20000)
	best := make(map[rune]int32, 20000)
	for e := range d.weight {
		text := d.entryText(e)
		r, size := utf8.DecodeRuneInString(text)
		if size != len(text) || r == utf8.RuneError {
			continue
		}
		syl := d.entrySyl(e)
		if len(syl) != 1 {
			continue
		}
		if w, ok := best[r]; ok && w >= d.weight[e] {
			continue
		}
		best[r] = d.weight[e]
		out[r] = spellings[syl[0]]
	}
	return out
}
