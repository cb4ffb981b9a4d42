package ask

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// Field weights of BM25F: a word in an entry's question counts three times
// as much as one in its answer.
const (
	weightQuestion = 3.0
	weightKeywords = 2.5
	weightService  = 1.5
	weightAnswer   = 1.0
)

// Query weights of the token kinds: a pair of characters is the unit of
// meaning; a single character helps a little; a pair of syllables finds a
// word typed with a wrong character of the same pinyin (公鸡金 for 公积金).
const (
	qwBigram  = 1.0
	qwUnigram = 0.3
	qwPinyin  = 0.6
	qwWord    = 1.0
)

// BM25 parameters.
const (
	k1 = 1.2
	bm = 0.5
)

// token kinds, in the top bits of a token key.
const (
	tagWord    uint64 = 0 << 62 // a Latin word or number, hashed
	tagBigram  uint64 = 1 << 62 // two characters
	tagUnigram uint64 = 2 << 62 // one character
	tagPinyin  uint64 = 3 << 62 // two syllables, hashed
)

func kindOf(key uint64) uint64 { return key & (3 << 62) }

func queryWeight(key uint64) float64 {
	switch kindOf(key) {
	case tagBigram:
		return qwBigram
	case tagUnigram:
		return qwUnigram
	case tagPinyin:
		return qwPinyin
	}
	return qwWord
}

// tokens appends the token keys of a normalized text to out, with a
// field's weight, through add.
func tokens(text string, readings map[rune]string, add func(key uint64)) {
	var run []rune
	flush := func() {
		for i, r := range run {
			add(tagUnigram | uint64(r))
			if i+1 < len(run) {
				add(tagBigram | uint64(r)<<21 | uint64(run[i+1]))
			}
			if readings != nil && i+1 < len(run) {
				a, b := readings[r], readings[run[i+1]]
				if a != "" && b != "" {
					add(tagPinyin | hashPair(a, b))
				}
			}
		}
		run = run[:0]
	}
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			add(tagWord | hash60(word.String()))
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case isHan(r):
			flushWord()
			run = append(run, r)
		case isWordRune(r):
			flush()
			word.WriteRune(r)
		default:
			flush()
			flushWord()
		}
	}
	flush()
	flushWord()
}

// FNV-1a, cut to 60 bits for the token's tag.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hash60(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h >> 4
}

// hashPair is hash60(a + " " + b) without building the string.
func hashPair(a, b string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(a); i++ {
		h = (h ^ uint64(a[i])) * fnvPrime
	}
	h = (h ^ ' ') * fnvPrime
	for i := 0; i < len(b); i++ {
		h = (h ^ uint64(b[i])) * fnvPrime
	}
	return h >> 4
}

// posting is one entry holding a token, with the token's weighted
// frequency in it.
type posting struct {
	doc uint32
	tf  float32
}

// Index ranks the knowledge's entries for a question: BM25F over
// character pairs, single characters and pairs of syllables of the
// normalized texts (see the package doc). It is immutable and safe for
// concurrent use.
type Index struct {
	entries  []Entry
	readings map[rune]string
	// The inverted index, flattened: keys sorted; the postings of keys[i]
	// are posts[offs[i]:offs[i+1]].
	keys  []uint64
	offs  []uint32
	posts []posting
	norm  []float32 // per entry: k1 * (1 - b + b*len/avglen)
	// df is, per key, the number of entries with the token in a question,
	// keywords or service name, plus answerDF for each with it only in the
	// answer: the words of the questions tell entries apart, the words every
	// answer uses (身份证, 办理) do not.
	df []float32
}

// answerDF is what an entry with a token only in its answer adds to the
// token's document frequency.
const answerDF = 0.25

// Result is one answer to a question, best first.
type Result struct {
	Entry Entry
	// Score is the BM25F score; comparable only within one question.
	Score float64
	// Coverage is the share (0–1) of the question's weight the entry
	// matched: below MinCoverage the kiosk says it found nothing sure.
	Coverage float64
}

// unaskedPrior scales the score of a service's materials or time entry
// when the question does not ask about materials or time.
const unaskedPrior = 0.85

// MinCoverage is the coverage below which an answer is a guess: the
// screen then leads with "没有找到？".
const MinCoverage = 0.35

// NewIndex indexes entries. readings are the characters' pinyin
// (pinyin.Dict.Readings), for finding words typed with a wrong character of
// the same sound; nil leaves that out.
func NewIndex(entries []Entry, readings map[rune]string) *Index {
	ix := &Index{entries: entries, readings: readings}
	type kp struct {
		key   uint64
		p     posting
		title bool // in the question, keywords or service name
	}
	all := make([]kp, 0, 200*len(entries))
	lens := make([]float64, len(entries))
	tf := map[uint64]float64{}
	title := map[uint64]bool{}
	for d, e := range entries {
		clear(tf)
		clear(title)
		length := 0.0
		field := func(text string, w float64) {
			tokens(Normalize(text), readings, func(k uint64) {
				tf[k] += w
				length += w
				if w != weightAnswer {
					title[k] = true
				}
			})
		}
		field(e.Question, weightQuestion)
		field(strings.Join(e.Keywords, " "), weightKeywords)
		field(e.ServiceName, weightService)
		field(e.Answer, weightAnswer)
		lens[d] = length
		for k, f := range tf {
			all = append(all, kp{k, posting{uint32(d), float32(f)}, title[k]})
		}
	}
	// The postings, grouped by key without sorting them all: count per
	// key, sort the distinct keys, then place each posting (in entry order
	// within its key).
	count := make(map[uint64]uint32, len(all)/4)
	for _, e := range all {
		count[e.key]++
	}
	ix.keys = make([]uint64, 0, len(count))
	for k := range count {
		ix.keys = append(ix.keys, k)
	}
	slices.Sort(ix.keys)
	ix.offs = make([]uint32, 0, len(ix.keys)+1)
	ix.df = make([]float32, len(ix.keys))
	at := uint32(0)
	for i, k := range ix.keys {
		ix.offs = append(ix.offs, at)
		at += count[k]
		count[k] = uint32(i) // from now on: the key's index
	}
	cursor := slices.Clone(ix.offs)
	ix.posts = make([]posting, len(all))
	for _, e := range all {
		i := count[e.key]
		ix.posts[cursor[i]] = e.p
		cursor[i]++
		if e.title {
			ix.df[i]++
		} else {
			ix.df[i] += answerDF
		}
	}
	ix.offs = append(ix.offs, uint32(len(all)))
	avg := 0.0
	for _, l := range lens {
		avg += l
	}
	if len(lens) > 0 {
		avg /= float64(len(lens))
	}
	ix.norm = make([]float32, len(entries))
	for d, l := range lens {
		n := 1.0
		if avg > 0 {
			n = 1 - bm + bm*l/avg
		}
		ix.norm[d] = float32(k1 * n)
	}
	return ix
}

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Entries returns the indexed entries in their order (FAQ first).
func (ix *Index) Entries() []Entry { return ix.entries }

// Get returns the entry with id.
func (ix *Index) Get(id string) (Entry, bool) {
	for _, e := range ix.entries {
		if e.ID == id {
			return e, true
		}
	}
	return Entry{}, false
}

// postings returns the postings of key and its document frequency.
func (ix *Index) postings(key uint64) ([]posting, float64) {
	i, ok := slices.BinarySearch(ix.keys, key)
	if !ok {
		return nil, 0
	}
	return ix.posts[ix.offs[i]:ix.offs[i+1]], float64(ix.df[i])
}

// Search returns the best n entries for question, best first; nothing for
// a question without a single known word.
func (ix *Index) Search(question string, n int) []Result {
	if ix == nil || n <= 0 {
		return nil
	}
	q := map[uint64]float64{}
	norm := Normalize(question)
	tokens(norm, ix.readings, func(k uint64) { q[k] = queryWeight(k) })
	if len(q) == 0 {
		return nil
	}
	// A question that names a service without asking what about it gets
	// its guide before its materials and time limits.
	asks := map[Kind]bool{KindMaterials: strings.Contains(norm, conceptMaterials), KindTime: strings.Contains(norm, conceptTime)}
	N := float64(len(ix.entries))
	scores := make([]float64, len(ix.entries))
	matched := make([]float64, len(ix.entries))
	total := 0.0
	for k, w := range q {
		// A token no entry has still counts against coverage, with the
		// weight of a rare one.
		ps, df := ix.postings(k)
		idf := math.Log(1 + (N-df+0.5)/(df+0.5))
		total += w * idf
		for _, p := range ps {
			f := float64(p.tf)
			scores[p.doc] += w * idf * f * (k1 + 1) / (f + float64(ix.norm[p.doc]))
			matched[p.doc] += w * idf
		}
	}
	order := make([]int, 0, len(scores))
	for d, s := range scores {
		if s <= 0 {
			continue
		}
		if k := ix.entries[d].Kind; (k == KindMaterials || k == KindTime) && !asks[k] {
			scores[d] = s * unaskedPrior
		}
		order = append(order, d)
	}
	sort.SliceStable(order, func(i, j int) bool { return scores[order[i]] > scores[order[j]] })
	if len(order) > n {
		order = order[:n]
	}
	out := make([]Result, len(order))
	for i, d := range order {
		out[i] = Result{Entry: ix.entries[d], Score: scores[d], Coverage: min(1, matched[d]/total)}
	}
	return out
}

// Footprint estimates the bytes the index holds beyond its entries' texts.
func (ix *Index) Footprint() int {
	return len(ix.keys)*8 + len(ix.offs)*4 + len(ix.posts)*8 + len(ix.norm)*4
}
