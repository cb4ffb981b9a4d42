package ask

import (
	"sync"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// Shown is how many answers a question gets on screen (the best three,
// shown large, the first one spoken).
const Shown = 3

// Desk is the kiosk's 智能客服: the index it answers from, a newer one
// waiting for the citizen at the kiosk to leave, and the counter. Safe for
// concurrent use; nothing in it blocks on I/O except Counter.Save.
type Desk struct {
	// Idle reports whether no citizen is at the kiosk (a newer index is
	// adopted at once then); nil means always between citizens.
	Idle func() bool
	// Known returns what the kiosk knows of the citizen at it (their
	// card's name and number), masked from a question before it is
	// counted; nil masks by shape alone.
	Known func() *privacy.Redactor
	// Counter counts questions and ratings; nil counts nothing.
	Counter *Counter

	mu      sync.Mutex
	cur     *Index
	pending *Index
}

// Build indexes faq and cat with the characters' readings: the slow part
// (about a quarter of a second for 2,000 entries), for a goroutine of the
// kiosk's, never Fyne's.
func Build(faq portal.FAQ, cat *catalog.Catalog, readings map[rune]string) *Index {
	return NewIndex(Knowledge(faq, cat), readings)
}

// Readings loads the characters' readings from the pinyin dictionary at
// path ("" is the default); without it questions are matched by their
// characters alone.
func Readings(path string) (map[rune]string, error) { return loadReadings(path) }

// Offer hands the desk a newer index: used at once when it has none or no
// citizen is at the kiosk, else from the next citizen on (Between).
func (d *Desk) Offer(ix *Index) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cur == nil || d.Idle == nil || d.Idle() {
		d.cur, d.pending = ix, nil
		return
	}
	d.pending = ix
}

// Between adopts the index waiting for the citizen to leave; the kiosk
// calls it when a session ends.
func (d *Desk) Between() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.pending != nil {
		d.cur, d.pending = d.pending, nil
	}
}

// Index is the index in use, nil while the first is being built.
func (d *Desk) Index() *Index {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.cur
}

// Ready reports whether the desk can answer.
func (d *Desk) Ready() bool { return d.Index() != nil }

// Answers are the answers to one question.
type Answers struct {
	// Results are the best answers, at most Shown, best first.
	Results []Result
	// Found is whether the first one is a sure answer (Coverage at least
	// MinCoverage); if not the screen leads with "没有找到？".
	Found bool
	// Masked is the question as counted: for 有帮助/没帮助 (Rate).
	Masked string
}

// Ask answers a question and counts it, masked. Nothing comes back while
// the first index is being built.
func (d *Desk) Ask(question string) Answers {
	ix := d.Index()
	if ix == nil {
		return Answers{}
	}
	res := ix.Search(question, Shown)
	a := Answers{Results: res, Found: len(res) > 0 && res[0].Coverage >= MinCoverage}
	var known *privacy.Redactor
	if d.Known != nil {
		known = d.Known()
	}
	a.Masked = Mask(known, question)
	first := ""
	if len(res) > 0 {
		first = res[0].Entry.ID
	}
	d.Counter.Asked(a.Masked, first, a.Found)
	return a
}

// Rate counts a 有帮助 (helpful) or 没帮助 for the entry answering a's
// question.
func (d *Desk) Rate(a Answers, entryID string, helpful bool) {
	d.Counter.Rated(a.Masked, entryID, helpful)
}

// Popular returns up to n entries for "大家都在问": those answered first
// most often, then the FAQ's first items.
func (d *Desk) Popular(n int) []Entry {
	ix := d.Index()
	if ix == nil {
		return nil
	}
	var out []Entry
	seen := map[string]bool{}
	for _, id := range d.Counter.MostShown(n) {
		if e, ok := ix.Get(id); ok && !seen[id] {
			seen[id] = true
			out = append(out, e)
		}
	}
	// Then one FAQ item per category of services (and one about the
	// hall), in the FAQ's order, then the rest.
	about := map[string]bool{}
	for pass := 0; pass < 2 && len(out) < n; pass++ {
		for _, e := range ix.Entries() {
			if len(out) >= n {
				break
			}
			if e.Kind != KindFAQ || seen[e.ID] || (pass == 0 && about[e.Category]) {
				continue
			}
			seen[e.ID], about[e.Category] = true, true
			out = append(out, e)
		}
	}
	return out
}
