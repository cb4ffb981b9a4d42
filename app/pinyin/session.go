package pinyin

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Session is one citizen's typing: the engine plus what this citizen did.
// A word they commit ranks first when they type it again; the words of the
// address on their card rank first in address fields. Nothing of it is
// written anywhere: Wipe forgets it all, and a new citizen gets a new
// Session. A Session is safe for concurrent use.
type Session struct {
	eng *Engine

	mu      sync.Mutex
	learned []word // committed words and phrases, oldest first
	memory  *Dict  // learned, indexed; nil if none
	card    *Dict  // the card address's words; nil if none
	pending word   // the characters committed so far from one typed string
	rest    string // what was left of that string after the last commit
	lastIn  string // the input and field of the last Candidates call
	lastF   Field
	lastSyl map[string][]uint16 // the reading of each of its candidates
}

// maxLearned bounds the words a session remembers.
const maxLearned = 200

// NewSession starts a citizen's session on the engine.
func (e *Engine) NewSession() *Session {
	return &Session{eng: e}
}

// Engine returns the session's engine.
func (s *Session) Engine() *Engine { return s.eng }

// Syllables returns the split of input shown above the candidates (see
// Dict.Syllables).
func (s *Session) Syllables(input string) []string { return s.eng.base.Syllables(input) }

// Wipe forgets everything the session learned: committed words, the card's
// address, half-typed phrases. The kiosk calls it when the citizen's
// session ends. Wipe on a nil Session does nothing.
func (s *Session) Wipe() {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.learned)
	s.learned, s.memory, s.card = nil, nil, nil
	s.pending, s.rest = word{}, ""
	s.lastIn, s.lastF, s.lastSyl = "", Field{}, nil
}

// Characters returns every character of the words the session learned
// (what the citizen typed and chose) and of their card's address: what
// the kiosk drew of theirs through the keyboard. The kiosk asks before
// Wipe, to let go of its drawn text too. nil on a nil or empty Session.
func (s *Session) Characters() map[rune]struct{} {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var chars map[rune]struct{}
	add := func(text string) {
		for _, r := range text {
			if chars == nil {
				chars = map[rune]struct{}{}
			}
			chars[r] = struct{}{}
		}
	}
	for _, w := range s.learned {
		add(w.text)
	}
	add(s.pending.text)
	if s.card != nil {
		add(s.card.text)
	}
	return chars
}

// SetCardAddress tells the session the address on the citizen's ID card:
// its words (北京市, 海淀区, 中关村大街, 号院 …) rank first in address
// fields for the rest of the session. An empty address forgets it.
func (s *Session) SetCardAddress(addr string) {
	words := addressWords(addr)
	var card []word
	for i, syl := range spellIDs(words, s.eng.address, s.eng.base) {
		if syl != nil {
			card = append(card, word{text: words[i], syl: syl, weight: int32(1000 - i)})
		}
	}
	d := buildDict(card)
	s.mu.Lock()
	s.card = d
	s.mu.Unlock()
}

// addressSuffixes end the words of an address, longest first.
var addressSuffixes = []string{
	"特别行政区", "自治区", "自治州", "自治县", "开发区", "街道", "小区", "社区", "大道", "大街", "胡同", "号楼", "号院", "单元",
	"省", "市", "区", "县", "旗", "盟", "镇", "乡", "路", "街", "巷", "弄", "村", "组", "号", "栋", "幢", "室", "层", "院", "楼",
}

// roadAfter reports whether s starts with a road word, which makes the
// suffix before it part of the road's name.
func roadAfter(s string) bool {
	for _, r := range []string{"大街", "大道", "路", "街", "巷", "弄", "胡同"} {
		if strings.HasPrefix(s, r) {
			return true
		}
	}
	return false
}

// addressWords cuts an address into the words a citizen types: each ends
// with a division or road suffix (北京市, 海淀区, 中关村大街); digits and
// other non-Chinese characters end a word and are left out. A word is
// offered with and without its suffix (中关村大街, 中关村).
func addressWords(addr string) []string {
	var out []string
	add := func(w string) {
		if n := utf8.RuneCountInString(w); n >= 1 && n <= maxPhraseSyllables && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	for _, run := range strings.FieldsFunc(addr, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
		start := 0
		for i := 0; i < len(run); {
			cut := 0
			for _, suf := range addressSuffixes {
				if strings.HasPrefix(run[i:], suf) {
					cut = len(suf)
					break
				}
			}
			if cut == 0 {
				_, size := utf8.DecodeRuneInString(run[i:])
				i += size
				continue
			}
			if roadAfter(run[i+cut:]) { // 中关村大街: the 村 ends no word
				i += cut
				continue
			}
			w := run[start : i+cut]
			if utf8.RuneCountInString(w) >= 2 {
				add(w)
				if stem := run[start:i]; utf8.RuneCountInString(stem) >= 2 {
					add(stem)
				}
			} else {
				add(w)
			}
			i += cut
			start = i
		}
		if start < len(run) && utf8.RuneCountInString(run[start:]) >= 2 {
			add(run[start:])
		}
	}
	return out
}

// Commit tells the session the citizen chose c for input in field f. It
// remembers c (and, once a typed string is used up, the whole phrase built
// from it character by character) so that it ranks first when typed again.
func (s *Session) Commit(f Field, input string, c Candidate) {
	s.mu.Lock()
	defer s.mu.Unlock()
	syl := s.lastSyl[c.Text]
	if s.lastIn != input || s.lastF != f || syl == nil {
		syl = s.readingLocked(f, input, c)
	}
	if syl == nil || c.Consumed < 1 || c.Consumed > len(input) {
		return
	}
	w := word{text: c.Text, syl: slices.Clone(syl)}
	s.learnLocked(w)
	if s.rest != "" && input == s.rest && len(s.pending.syl)+len(w.syl) <= maxPhraseSyllables {
		s.pending.text += w.text
		s.pending.syl = append(s.pending.syl, w.syl...)
	} else {
		s.pending = w
		s.pending.syl = slices.Clone(w.syl)
	}
	s.rest = strings.TrimLeft(input[c.Consumed:], "'")
	if s.rest == "" {
		if s.pending.text != w.text {
			s.learnLocked(s.pending)
		}
		s.pending = word{}
	}
	s.lastIn, s.lastSyl = "", nil
}

// readingLocked finds the syllables of c as a candidate for input.
func (s *Session) readingLocked(f Field, input string, c Candidate) []uint16 {
	_, syl := s.candidatesLocked(f, input, 0)
	return syl[c.Text]
}

// learnLocked remembers w as the newest learned word.
func (s *Session) learnLocked(w word) {
	s.learned = slices.DeleteFunc(s.learned, func(o word) bool { return o.text == w.text && slices.Equal(o.syl, w.syl) })
	s.learned = append(s.learned, w)
	if len(s.learned) > maxLearned {
		s.learned = slices.Delete(s.learned, 0, len(s.learned)-maxLearned)
	}
	for i := range s.learned { // newer ranks higher
		s.learned[i].weight = int32(i + 1)
	}
	s.memory = buildDict(s.learned)
}

// Candidates returns the words for input in field f, best first, at most
// limit (all if limit <= 0), each text once. Invalid input gives nil, as
// for Dict.Candidates.
//
// The ranking, in this order:
//
//  1. words this session committed that the whole input spells (in full,
//     by initials, or with the last syllable unfinished), newest first;
//     for an address field, then the card address's words that the input
//     spells or begins;
//  2. for a name field, whole names composed of a surname (unless the
//     field has text already) and given-name characters or names;
//  3. for other fields, when no single word spells the whole input
//     exactly, the best composition of the input from several words
//     (jiefangdajie → 解放大街);
//  4. the rest as Dict.Candidates ranks it (exact, completion, initials,
//     leading syllables), and within each rank the field's sources first:
//     the card's address words, then names or addresses, then the
//     catalog's words, then the dictionary.
func (s *Session) Candidates(f Field, input string, limit int) []Candidate {
	s.mu.Lock()
	defer s.mu.Unlock()
	out, syl := s.candidatesLocked(f, input, limit)
	s.lastIn, s.lastF, s.lastSyl = input, f, syl
	return out
}

// ranked is a candidate from any source, for merging.
type ranked struct {
	text     string
	syl      []uint16
	consumed int32
	cat      category
	src      int // the source's rank: lower first
	weight   int32
	top      int // 0 for none; lower first
}

// Top ranks.
const (
	topMemory = 1 + iota
	topCard
	topComposed
)

// source is a dictionary searched for candidates, with its rank.
type source struct {
	d    *Dict
	rank int
}

func (s *Session) sources(f Field) []source {
	e := s.eng
	var out []source
	add := func(d *Dict) {
		if d != nil {
			out = append(out, source{d, len(out)})
		}
	}
	add(s.memory)
	switch f.Kind {
	case KindName:
		if f.Before == "" {
			add(e.surnames)
			add(e.given)
		} else {
			add(e.given)
			add(e.surnames)
		}
	case KindAddress:
		add(s.card)
		add(e.address)
	}
	add(e.catalog)
	add(e.base)
	return out
}

func (s *Session) candidatesLocked(f Field, input string, limit int) ([]Candidate, map[string][]uint16) {
	in, ok := parseInput(input)
	if !ok {
		return nil, nil
	}
	keep := 0
	if limit > 0 {
		keep = limit + 8
	}
	for {
		var all []ranked
		crowded := false
		exact := false
		for _, src := range s.sources(f) {
			sr := search{d: src.d, in: &in, keep: keep}
			sr.run()
			crowded = crowded || (keep > 0 && sr.total > len(sr.heap))
			for _, m := range sr.heap {
				r := ranked{
					text: src.d.entryText(int(m.entry)), syl: src.d.entrySyl(int(m.entry)),
					consumed: m.consumed, cat: m.cat, src: src.rank, weight: m.weight,
				}
				switch {
				case src.d == s.memory && m.whole && m.consumed == int32(len(input)):
					r.top = topMemory
				case src.d == s.card && f.Kind == KindAddress && m.cat < catLeading:
					r.top = topCard
				}
				exact = exact || (m.cat == catExact && src.d != s.memory)
				all = append(all, r)
			}
		}
		// Compositions come first when no word spells the input exactly
		// (always for names), else right after the exact words.
		for _, c := range s.compositions(f, &in) {
			r := ranked{text: c.text, syl: c.syl, consumed: int32(len(input)), cat: catExact, src: math.MaxInt}
			if f.Kind == KindName || !exact {
				r.top = topComposed
			}
			all = append(all, r)
		}
		slices.SortStableFunc(all, rankOrder)
		out := make([]Candidate, 0, max(limit, 0))
		syl := make(map[string][]uint16, len(all))
		for _, r := range all {
			if _, dup := syl[r.text]; dup {
				continue
			}
			syl[r.text] = r.syl
			if limit <= 0 || len(out) < limit {
				out = append(out, Candidate{Text: r.text, Consumed: int(r.consumed)})
			}
		}
		if limit <= 0 || len(out) >= limit || !crowded {
			return out, syl
		}
		keep *= 4
	}
}

// rankOrder orders ranked candidates: tops first, then by category, letters
// used, source, weight.
func rankOrder(a, b ranked) int {
	ta, tb := a.top, b.top
	if ta == 0 {
		ta = math.MaxInt
	}
	if tb == 0 {
		tb = math.MaxInt
	}
	switch {
	case ta != tb:
		return cmpInt(ta, tb)
	case a.top != 0:
		// Newest memory first; compositions keep their order (cheapest first).
		return cmpInt(int(b.weight), int(a.weight))
	case a.cat != b.cat:
		return cmpInt(int(a.cat), int(b.cat))
	case a.consumed != b.consumed:
		return cmpInt(int(b.consumed), int(a.consumed))
	case a.src != b.src:
		return cmpInt(a.src, b.src)
	case a.weight != b.weight:
		return cmpInt(int(b.weight), int(a.weight))
	}
	return 0
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Bonuses make a field's own sources cheaper in a composition than the
// dictionary (costs are in nats).
const (
	bonusMemory  = 8
	bonusCard    = 6
	bonusField   = 3
	bonusCatalog = 2
)

// rareSurname is how much less likely (as a cost, ln 20) a surname may be
// than the commonest one of the same spelling and still start a name: hu is
// 胡 far more often than 扈 or 呼, so the names offered vary in the given
// name (胡玲, 胡琳, 胡林) rather than in rare surnames.
const rareSurname = 3.0

// commonSurnames keeps the starts whose surname is within rareSurname of
// the commonest surname ending at the same position.
func commonSurnames(starts []lstart) []lstart {
	best := map[int]float64{}
	for _, s := range starts {
		if c, ok := best[s.pos]; !ok || s.cost < c {
			best[s.pos] = s.cost
		}
	}
	out := starts[:0]
	for _, s := range starts {
		if s.cost <= best[s.pos]+rareSurname {
			out = append(out, s)
		}
	}
	return out
}

// maxNames is the number of whole names offered for a name field.
const maxNames = 4

// compositions returns the whole-input compositions for f: up to maxNames
// names for a name field; for other fields the best composition if it has
// two or more words, one of them longer than a character.
func (s *Session) compositions(f Field, in *input) []composed {
	e := s.eng
	if f.Kind == KindName {
		given := []lsource{{d: e.given, bonus: bonusField}, {d: e.base, maxLen: 2}}
		if f.Before != "" {
			return compose(in, []lstart{{pos: 0, pre: -1}}, given, nil, maxNames)
		}
		pre := []lsource{{d: e.surnames}}
		var starts []lstart
		e.surnames.spans(in, 0, 2, func(end, i int, _ bool) {
			if end < len(in.letters) {
				c := e.surnames.logTotal - math.Log(float64(e.surnames.weight[i])+1) + segmentCost
				starts = append(starts, lstart{pos: end, cost: c, pre: 0, e: int32(i)})
			}
		})
		return compose(in, commonSurnames(starts), given, pre, maxNames)
	}
	var src []lsource
	if s.memory != nil {
		src = append(src, lsource{d: s.memory, bonus: bonusMemory})
	}
	if f.Kind == KindAddress {
		if s.card != nil {
			src = append(src, lsource{d: s.card, bonus: bonusCard})
		}
		src = append(src, lsource{d: e.address, bonus: bonusField})
	}
	if e.catalog != nil {
		src = append(src, lsource{d: e.catalog, bonus: bonusCatalog})
	}
	src = append(src, lsource{d: e.base})
	var out []composed
	for _, c := range compose(in, []lstart{{pos: 0, pre: -1}}, src, nil, 1) {
		if c.segs >= 2 && c.multi {
			out = append(out, c)
		}
	}
	return out
}
