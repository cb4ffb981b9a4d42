package ask

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"unicode"

	"hallkiosk/internal/atomicfile"
	"hallkiosk/internal/boundedio"
	"hallkiosk/internal/privacy"
)

// Bounds of the counter: distinct questions kept (the least asked go
// first when it is full), and the runes kept of one question.
const (
	maxCountedQuestions = 500
	maxCountedRunes     = 40
	maxStatsBytes       = 4 << 20
)

// Counter counts, without any personal data, what citizens ask and
// whether the answers helped: each question masked (ID numbers, phone
// numbers and what the kiosk knows of the citizen, see Mask) before it is
// counted, so the hall's top unanswered questions can be shown to staff.
// It is kept in a JSON file; Save writes it when something changed. Safe
// for concurrent use.
type Counter struct {
	path string

	mu    sync.Mutex
	stats Stats
	dirty bool
}

// Stats are the counts: questions by their masked text, and per entry
// how often it was the first answer and how often it helped or did not.
type Stats struct {
	Questions map[string]*QuestionCount `json:"questions"`
	Entries   map[string]*EntryCount    `json:"entries"`
}

// QuestionCount is one masked question: how often it was asked, how often
// the kiosk found nothing sure for it, and how often its answer did not
// help.
type QuestionCount struct {
	Asked      int `json:"asked"`
	Unanswered int `json:"unanswered"`
	Unhelpful  int `json:"unhelpful"`
}

// EntryCount is one entry: how often it was the first answer shown, and
// the 有帮助/没帮助 it got.
type EntryCount struct {
	Shown     int `json:"shown"`
	Helpful   int `json:"helpful"`
	Unhelpful int `json:"unhelpful"`
}

// OpenCounter loads the counts kept at path; a missing file starts from
// nothing, an unreadable one is an error (the caller may start afresh).
func OpenCounter(path string) (*Counter, error) {
	c := &Counter{path: path, stats: Stats{Questions: map[string]*QuestionCount{}, Entries: map[string]*EntryCount{}}}
	data, err := boundedio.ReadFile(path, maxStatsBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("ask: counts: %w", err)
	}
	var s Stats
	if err := json.Unmarshal(data, &s); err != nil {
		return c, fmt.Errorf("ask: counts: %w", err)
	}
	for q, n := range s.Questions {
		if n != nil {
			c.stats.Questions[Mask(nil, q)] = n // masked again: a file from before cannot leak
		}
	}
	for id, n := range s.Entries {
		if n != nil {
			c.stats.Entries[id] = n
		}
	}
	return c, nil
}

// Mask is what is counted of a question: ID numbers, phone numbers and
// other long runs of digits masked by their shape, the values r knows (the
// citizen's name and card) masked, spaces squeezed, at most
// maxCountedRunes runes.
func Mask(r *privacy.Redactor, question string) string {
	q := r.Redact(clip(question, MaxQuestionRunes))
	q = strings.Join(strings.FieldsFunc(q, unicode.IsSpace), " ")
	return clip(q, maxCountedRunes)
}

// Asked counts a question, already masked, with the entry answered first
// ("" for none) and whether the kiosk was sure of it.
func (c *Counter) Asked(masked, firstID string, found bool) {
	if c == nil || masked == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	q := c.question(masked)
	q.Asked++
	if !found {
		q.Unanswered++
	}
	if firstID != "" {
		c.entry(firstID).Shown++
	}
	c.dirty = true
}

// Rated counts a 有帮助 or 没帮助 for the entry answering the masked
// question.
func (c *Counter) Rated(masked, entryID string, helpful bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entry(entryID)
	if helpful {
		e.Helpful++
	} else {
		e.Unhelpful++
		if masked != "" {
			c.question(masked).Unhelpful++
		}
	}
	c.dirty = true
}

func (c *Counter) question(masked string) *QuestionCount {
	q, ok := c.stats.Questions[masked]
	if ok {
		return q
	}
	if len(c.stats.Questions) >= maxCountedQuestions {
		// Full: the least asked question makes room.
		least, leastN := "", 0
		for k, v := range c.stats.Questions {
			if least == "" || v.Asked < leastN || (v.Asked == leastN && k < least) {
				least, leastN = k, v.Asked
			}
		}
		delete(c.stats.Questions, least)
	}
	q = &QuestionCount{}
	c.stats.Questions[masked] = q
	return q
}

func (c *Counter) entry(id string) *EntryCount {
	id = clip(id, 64)
	e, ok := c.stats.Entries[id]
	if !ok {
		e = &EntryCount{}
		c.stats.Entries[id] = e
	}
	return e
}

// Ranked is a question or entry with its count, for lists.
type Ranked struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

// TopUnanswered returns the n questions most often left without a sure
// answer or with an answer that did not help, most first.
func (c *Counter) TopUnanswered(n int) []Ranked {
	return c.top(n, func(q *QuestionCount) int { return q.Unanswered + q.Unhelpful })
}

// TopAsked returns the n questions asked most, most first.
func (c *Counter) TopAsked(n int) []Ranked {
	return c.top(n, func(q *QuestionCount) int { return q.Asked })
}

func (c *Counter) top(n int, by func(*QuestionCount) int) []Ranked {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	var out []Ranked
	for k, v := range c.stats.Questions {
		if m := by(v); m > 0 {
			out = append(out, Ranked{k, m})
		}
	}
	c.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Text < out[j].Text
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// MostShown returns the IDs of the n entries shown first most often.
func (c *Counter) MostShown(n int) []string {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	var r []Ranked
	for id, e := range c.stats.Entries {
		if e.Shown > 0 {
			r = append(r, Ranked{id, e.Shown})
		}
	}
	c.mu.Unlock()
	sort.Slice(r, func(i, j int) bool {
		if r[i].Count != r[j].Count {
			return r[i].Count > r[j].Count
		}
		return r[i].Text < r[j].Text
	})
	var out []string
	for i := 0; i < len(r) && i < n; i++ {
		out = append(out, r[i].Text)
	}
	return out
}

// Snapshot returns a copy of the counts.
func (c *Counter) Snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := Stats{Questions: map[string]*QuestionCount{}, Entries: map[string]*EntryCount{}}
	for k, v := range c.stats.Questions {
		cp := *v
		s.Questions[k] = &cp
	}
	for k, v := range c.stats.Entries {
		cp := *v
		s.Entries[k] = &cp
	}
	return s
}

// Save writes the counts to their file, atomically, when they changed.
// Call it off Fyne's goroutine.
func (c *Counter) Save() error {
	if c == nil || c.path == "" {
		return nil
	}
	c.mu.Lock()
	if !c.dirty {
		c.mu.Unlock()
		return nil
	}
	data, err := json.Marshal(c.stats)
	c.dirty = false
	c.mu.Unlock()
	if err != nil {
		return fmt.Errorf("ask: save counts: %w", err)
	}
	if err := atomicfile.WriteFile(c.path, data, 0o600); err != nil {
		return fmt.Errorf("ask: save counts: %w", err)
	}
	return nil
}
