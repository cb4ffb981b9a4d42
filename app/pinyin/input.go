package pinyin

import "unicode/utf8"

// input is what the citizen typed, normalised for matching: lowercase
// letters a–z with ü as v, and lve/nve spelled lue/nue as the dictionary
// does. Apostrophes are not letters: they mark forced syllable boundaries.
type input struct {
	raw     string
	letters []byte
	starts  []int  // starts[i] is the byte offset of letters[i] in raw
	brk     []bool // brk[i]: an apostrophe comes right before letters[i]; len(letters)+1 entries
}

// parseInput normalises s. It reports false if s holds anything but ASCII
// letters, ü and apostrophes, or no letter at all.
func parseInput(s string) (input, bool) {
	in := input{raw: s, brk: []bool{false}}
	for off := 0; off < len(s); {
		r, size := utf8.DecodeRuneInString(s[off:])
		switch {
		case r >= 'a' && r <= 'z':
			in.add(byte(r), off)
		case r >= 'A' && r <= 'Z':
			in.add(byte(r-'A'+'a'), off)
		case r == 'ü' || r == 'Ü':
			in.add('v', off)
		case r == '\'':
			in.brk[len(in.letters)] = true
		default:
			return input{}, false
		}
		off += size
	}
	if len(in.letters) == 0 {
		return input{}, false
	}
	l := in.letters
	for i := 0; i+2 < len(l); i++ {
		if (l[i] == 'l' || l[i] == 'n') && l[i+1] == 'v' && l[i+2] == 'e' && !in.brk[i+1] && !in.brk[i+2] {
			l[i+1] = 'u'
		}
	}
	return in, true
}

func (in *input) add(c byte, off int) {
	in.letters = append(in.letters, c)
	in.starts = append(in.starts, off)
	in.brk = append(in.brk, false)
}

// consumed is the byte length of the prefix of the raw input that holds
// letters[:j], including the apostrophes that follow them.
func (in *input) consumed(j int) int {
	if j >= len(in.letters) {
		return len(in.raw)
	}
	return in.starts[j]
}

// crosses reports whether an apostrophe lies strictly inside letters[i:j].
func (in *input) crosses(i, j int) bool {
	for k := i + 1; k < j; k++ {
		if in.brk[k] {
			return true
		}
	}
	return false
}

// full returns the syllable ID if letters[i:j] is a whole syllable. The lone
// consonants m and n (interjections such as 呣, 嗯) are treated as initials
// only, so that typing "n" offers 你 before 嗯; 嗯 is still reached by "ng".
func (in *input) full(i, j int) (int, bool) {
	if in.crosses(i, j) || (j-i == 1 && (in.letters[i] == 'm' || in.letters[i] == 'n')) {
		return 0, false
	}
	return syllableID(in.letters[i:j])
}

// partial returns the IDs [lo, hi) of the syllables that letters[i:j] may
// abbreviate, leaving out the syllable spelled exactly so (full covers it).
// The last piece of the input may be any beginning of a syllable ("zhen" for
// zheng); other pieces must be an initial: one letter, or zh, ch, sh
// ("sfz" for shen fen zheng). A trailing apostrophe marks the last piece as
// finished, so it then follows the rule for other pieces.
func (in *input) partial(i, j int) (lo, hi int) {
	if in.crosses(i, j) {
		return 0, 0
	}
	p := in.letters[i:j]
	last := j == len(in.letters) && !in.brk[j]
	if !last && !isInitial(p) {
		return 0, 0
	}
	lo, hi = prefixRange(p)
	if _, ok := in.full(i, j); ok && lo < hi {
		lo++ // the exact spelling sorts first among those it begins
	}
	return lo, hi
}

func isInitial(p []byte) bool {
	switch len(p) {
	case 1:
		return true
	case 2:
		return p[1] == 'h' && (p[0] == 'z' || p[0] == 'c' || p[0] == 's')
	}
	return false
}

type pieceKind uint8

const (
	pieceFull    pieceKind = iota // a whole syllable
	piecePartial                  // the beginning of a syllable
	pieceInvalid                  // a letter no syllable starts with here
)

// piece is one part of the split of the input: letters[start:end].
type piece struct {
	start, end int
	kind       pieceKind
	id         int // pieceFull: the syllable
	lo, hi     int // piecePartial: the syllables it may begin
}

// split returns the best split of the input into pieces: fewest letters
// that fit no syllable, then fewest partial pieces, then fewest pieces; on a
// tie the longer first piece wins ("fangan" → fang an). Every letter belongs
// to exactly one piece.
func (in *input) split() []piece {
	n := len(in.letters)
	type cost struct{ invalid, partial, pieces int }
	less := func(a, b cost) bool {
		if a.invalid != b.invalid {
			return a.invalid < b.invalid
		}
		if a.partial != b.partial {
			return a.partial < b.partial
		}
		return a.pieces < b.pieces
	}
	best := make([]cost, n+1)
	choice := make([]piece, n+1)
	for i := n - 1; i >= 0; i-- {
		found := false
		for j := min(n, i+maxSpelling); j > i; j-- {
			var p piece
			var c cost
			if id, ok := in.full(i, j); ok {
				p = piece{start: i, end: j, kind: pieceFull, id: id}
				c = cost{0, 0, 1}
			} else if lo, hi := in.partial(i, j); lo < hi {
				p = piece{start: i, end: j, kind: piecePartial, lo: lo, hi: hi}
				c = cost{0, 1, 1}
			} else if j == i+1 {
				p = piece{start: i, end: j, kind: pieceInvalid}
				c = cost{1, 0, 1}
			} else {
				continue
			}
			c.invalid += best[j].invalid
			c.partial += best[j].partial
			c.pieces += best[j].pieces
			if !found || less(c, best[i]) {
				best[i], choice[i], found = c, p, true
			}
		}
	}
	var out []piece
	for i := 0; i < n; i = choice[i].end {
		out = append(out, choice[i])
	}
	return out
}
