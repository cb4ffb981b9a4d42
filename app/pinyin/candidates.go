package pinyin

import (
	"slices"
	"sort"
)

// Candidate is one word or character offered for the input typed so far.
type Candidate struct {
	// Text is the word or character, in simplified script.
	Text string
	// Consumed is how many bytes of the input choosing Text uses up: the
	// keyboard commits Text and keeps input[Consumed:] as the new input. For
	// the lowercase letters and apostrophes the keyboard sends, it is the
	// number of keys. It is always at least 1 and at most len(input).
	Consumed int
}

// category orders candidates: a lower category ranks first.
type category uint8

const (
	catExact        category = iota // the whole input, syllable for syllable
	catCompletion                   // the input, its last syllable or the word unfinished
	catAbbrev                       // initials of every syllable: sfz → 身份证
	catAbbrevPrefix                 // initials of the first syllables of a longer word
	catLeading                      // the first syllables of the input only
)

type match struct {
	entry    int32
	weight   int32
	consumed int32
	cat      category
	whole    bool // the input spells all of the entry's syllables
}

// before reports whether a ranks before b.
func before(a, b match) bool {
	if a.cat != b.cat {
		return a.cat < b.cat
	}
	if a.consumed != b.consumed {
		return a.consumed > b.consumed
	}
	if a.weight != b.weight {
		return a.weight > b.weight
	}
	return a.entry < b.entry
}

// Candidates returns the words and characters for input, best first, at
// most limit of them (all if limit <= 0), each text once.
//
// input is what the citizen typed: lowercase letters, ü typed as v, and
// apostrophes that force a syllable boundary ("xi'an" for 西安, not 先).
// Uppercase letters and ü are accepted as lowercase and v. Any other
// character, or no letter at all, gives nil.
//
// The ranking is, in this order:
//
//  1. words spelled exactly by the whole input, by weight ("xian" → 先, 线, …,
//     西安);
//  2. words whose pinyin starts with the input: its last syllable unfinished
//     or the word longer ("shenfenzh" → 身份证, "zh" → 这, 中);
//  3. multi-character words abbreviated by initials ("sfz" → 身份证,
//     "yxgs" → 有限公司), then longer words starting so ("yxg" → 有限公司);
//  4. words and characters for the leading syllables of the input, the most
//     letters used first, then by weight ("zhangsan" without 张三 in the
//     dictionary → 张 using 5 letters, leaving "san").
//
// Within a rank, higher weight first. Each text appears once, at its best
// rank. Candidates is safe for concurrent use; a nil Dict returns nil.
func (d *Dict) Candidates(input string, limit int) []Candidate {
	if d == nil || len(d.weight) == 0 {
		return nil
	}
	in, ok := parseInput(input)
	if !ok {
		return nil
	}
	keep := 0
	if limit > 0 {
		keep = limit + 8 // slack for texts with several readings
	}
	for {
		s := search{d: d, in: &in, keep: keep}
		s.run()
		out := s.results(limit)
		if limit <= 0 || len(out) >= limit || s.total <= len(s.heap) {
			return out
		}
		keep *= 4 // duplicates crowded out matches: look again, keeping more
	}
}

// Syllables returns the split of input shown to the citizen above the
// candidates, e.g. "shenfenzh" → [shen fen zh], "sfz" → [s f z],
// "xi'an" → [xi an]. Pieces are lowercase, with ü as v; a letter that fits
// no syllable stands alone. It returns nil where Candidates would.
func (d *Dict) Syllables(input string) []string {
	in, ok := parseInput(input)
	if !ok {
		return nil
	}
	var out []string
	for _, p := range in.split() {
		out = append(out, string(in.letters[p.start:p.end]))
	}
	return out
}

// search is one call of Candidates.
type search struct {
	d     *Dict
	in    *input
	keep  int     // how many of the best matches to keep; 0 for all
	heap  []match // if keep > 0, a heap with the worst kept match at [0]
	total int     // matches offered
}

func (s *search) run() {
	s.walk(0, 0, s.d.Len(), 0, false, false)
	pieces := s.in.split()
	for k := min(len(pieces)-1, s.d.maxSyl); k >= 1; k-- {
		if !slices.ContainsFunc(pieces[:k], func(p piece) bool { return p.kind == pieceInvalid }) {
			s.lead(0, 0, s.d.Len(), pieces[:k], int32(s.in.consumed(pieces[k-1].end)))
		}
	}
}

// walk finds the entries that use up the whole input from letters[pos:],
// among entries [lo, hi) which share depth syllables already matched.
// abbrev says an earlier piece was an initial; lastPartial that the
// piece just matched was an unfinished last syllable.
func (s *search) walk(depth, lo, hi, pos int, abbrev, lastPartial bool) {
	if lo >= hi {
		return
	}
	d, in := s.d, s.in
	n := len(in.letters)
	if pos == n {
		consumed := int32(len(in.raw))
		for e := lo; e < hi; e++ {
			exact := int(d.sylOff[e+1]-d.sylOff[e]) == depth
			cat := catCompletion
			switch {
			case exact && !abbrev && !lastPartial:
				cat = catExact
			case abbrev && exact:
				cat = catAbbrev
			case abbrev:
				cat = catAbbrevPrefix
			}
			s.add(match{entry: int32(e), weight: d.weight[e], consumed: consumed, cat: cat, whole: exact})
		}
		return
	}
	if depth >= d.maxSyl {
		return
	}
	for j := pos + 1; j <= min(n, pos+maxSpelling); j++ {
		if in.crosses(pos, j) {
			break
		}
		if id, ok := in.full(pos, j); ok {
			a, b := d.keyRange(lo, hi, depth, id, id+1)
			s.walk(depth+1, a, b, j, abbrev, false)
		}
		plo, phi := in.partial(pos, j)
		if plo >= phi {
			continue
		}
		a, b := d.keyRange(lo, hi, depth, plo, phi)
		if j == n {
			s.walk(depth+1, a, b, j, abbrev, true)
			continue
		}
		for a < b {
			g := d.groupEnd(a, b, depth)
			s.walk(depth+1, a, g, j, true, false)
			a = g
		}
	}
}

// lead finds the entries of exactly len(pieces) syllables that match
// pieces, among entries [lo, hi) which match pieces[:depth].
func (s *search) lead(depth, lo, hi int, pieces []piece, consumed int32) {
	if lo >= hi {
		return
	}
	d := s.d
	if depth == len(pieces) {
		for e := lo; e < hi && int(d.sylOff[e+1]-d.sylOff[e]) == depth; e++ {
			s.add(match{entry: int32(e), weight: d.weight[e], consumed: consumed, cat: catLeading})
		}
		return
	}
	p := pieces[depth]
	switch p.kind {
	case pieceFull:
		a, b := d.keyRange(lo, hi, depth, p.id, p.id+1)
		s.lead(depth+1, a, b, pieces, consumed)
	case piecePartial:
		a, b := d.keyRange(lo, hi, depth, p.lo, p.hi)
		for a < b {
			g := d.groupEnd(a, b, depth)
			s.lead(depth+1, a, g, pieces, consumed)
			a = g
		}
	}
}

// key is entry e's syllable at depth, or -1 if it has no more syllables.
func (d *Dict) key(e, depth int) int {
	i := int(d.sylOff[e]) + depth
	if i >= int(d.sylOff[e+1]) {
		return -1
	}
	return int(d.syl[i])
}

// keyRange returns the entries among [lo, hi) whose syllable at depth is in
// [from, to). Entries [lo, hi) must share their first depth syllables.
func (d *Dict) keyRange(lo, hi, depth, from, to int) (int, int) {
	a := lo + sort.Search(hi-lo, func(i int) bool { return d.key(lo+i, depth) >= from })
	b := a + sort.Search(hi-a, func(i int) bool { return d.key(a+i, depth) >= to })
	return a, b
}

// groupEnd returns the end of the entries from a (before b) that share
// entry a's syllable at depth.
func (d *Dict) groupEnd(a, b, depth int) int {
	k := d.key(a, depth)
	return a + sort.Search(b-a, func(i int) bool { return d.key(a+i, depth) > k })
}

// add offers a match, keeping only the best s.keep if s.keep > 0.
func (s *search) add(m match) {
	s.total++
	h := s.heap
	if s.keep <= 0 || len(h) < s.keep {
		h = append(h, m)
		if s.keep > 0 { // sift up: the worst at the root
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !before(h[p], h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
		}
		s.heap = h
		return
	}
	if !before(m, h[0]) {
		return
	}
	h[0] = m
	for i := 0; ; { // sift down
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && before(h[worst], h[l]) {
			worst = l
		}
		if r < len(h) && before(h[worst], h[r]) {
			worst = r
		}
		if worst == i {
			break
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// results sorts the kept matches and returns them as candidates, each text
// once, at most limit (all if limit <= 0).
func (s *search) results(limit int) []Candidate {
	slices.SortFunc(s.heap, func(a, b match) int {
		if before(a, b) {
			return -1
		}
		if before(b, a) {
			return 1
		}
		return 0
	})
	var out []Candidate
	seen := make(map[string]struct{}, len(s.heap))
	for _, m := range s.heap {
		if limit > 0 && len(out) == limit {
			break
		}
		t := s.d.entryText(int(m.entry))
		if _, dup := seen[t]; dup {
			continue
		}
		seen[t] = struct{}{}
		out = append(out, Candidate{Text: t, Consumed: int(m.consumed)})
	}
	return out
}
