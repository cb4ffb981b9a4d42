package pinyin

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
	"unicode/utf8"
)

// DefaultPath is where the Debian package rime-data-pinyin-simp installs the
// dictionary.
const DefaultPath = "/usr/share/rime-data/pinyin_simp.dict.yaml"

// DebianPackage is the Debian package that ships the dictionary at
// DefaultPath.
const DebianPackage = "rime-data-pinyin-simp"

// ErrNoEntries is returned (wrapped) by Parse and Load when the data holds no
// usable dictionary line.
var ErrNoEntries = errors.New("no dictionary entries")

// maxWordSyllables bounds the length of an entry; longer lines are skipped
// as malformed. The Debian data has at most 4.
const maxWordSyllables = 8

// maxLine bounds the length of a line; longer lines are skipped as
// malformed. The Debian data's longest line is under 40 bytes.
const maxLine = 4096

// Dict is a pinyin dictionary: words and characters with their syllables
// and weights. It is immutable once loaded and safe for concurrent use.
//
// Entries are kept sorted by their syllable IDs (a trie flattened into
// arrays), then by falling weight, so the entries that share their first
// syllables form one contiguous range found by binary search.
type Dict struct {
	text    string   // every entry's text, in entry order
	textOff []uint32 // entry i's text is text[textOff[i]:textOff[i+1]]
	syl     []uint16 // every entry's syllable IDs, in entry order
	sylOff  []uint32 // entry i's syllables are syl[sylOff[i]:sylOff[i+1]]
	weight  []int32
	maxSyl  int // most syllables in one entry
	skipped int
	// logTotal is the natural log of the sum of weights plus the number of
	// entries: an entry's cost in a composition is logTotal - ln(weight+1).
	logTotal float64
}

// Load reads the dictionary at path (usually DefaultPath). If the file is
// missing the error says which Debian package to install, and matches
// fs.ErrNotExist with errors.Is.
func Load(path string) (*Dict, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("pinyin: dictionary missing, install the Debian package %s: %w", DebianPackage, err)
		}
		return nil, fmt.Errorf("pinyin: %w", err)
	}
	defer f.Close()
	size := 0
	if fi, err := f.Stat(); err == nil && fi.Size() < math.MaxInt32 {
		size = int(fi.Size())
	}
	d, err := parse(f, size, 0)
	if err != nil {
		return nil, fmt.Errorf("pinyin: %s: %w", path, err)
	}
	return d, nil
}

// Parse reads a dictionary in the Rime format: an optional YAML header from
// a line "---" to a line "...", then one entry a line,
// "text<TAB>syllables separated by spaces<TAB>weight" (the weight may be
// left out and is then 0). Blank lines and lines starting with # are
// ignored. Malformed lines — a wrong number of fields, an unknown syllable,
// a syllable count that differs from the number of characters, a weight that
// is not a non-negative integer — are skipped and counted (see Skipped).
func Parse(r io.Reader) (*Dict, error) {
	size := 0
	if l, ok := r.(interface{ Len() int }); ok { // bytes.Reader, strings.Reader, bytes.Buffer
		size = l.Len()
	}
	d, err := parse(r, size, 0)
	if err != nil {
		return nil, fmt.Errorf("pinyin: %w", err)
	}
	return d, nil
}

// Len returns the number of entries.
func (d *Dict) Len() int { return len(d.weight) }

// Skipped returns the number of malformed lines skipped while parsing.
func (d *Dict) Skipped() int { return d.skipped }

// entry returns entry i's text.
func (d *Dict) entryText(i int) string { return d.text[d.textOff[i]:d.textOff[i+1]] }

// entrySyl returns entry i's syllable IDs.
func (d *Dict) entrySyl(i int) []uint16 { return d.syl[d.sylOff[i]:d.sylOff[i+1]] }

// footprint is the number of bytes the Dict's arrays hold.
func (d *Dict) footprint() int {
	return len(d.text) + 4*cap(d.textOff) + 2*cap(d.syl) + 4*cap(d.sylOff) + 4*cap(d.weight)
}

// rawEntry is an entry while parsing, pointing into the builder's buffers.
type rawEntry struct {
	key             uint64 // sortKey of its syllables
	textOff, sylOff uint32
	textLen         uint16
	sylLen          uint8
	weight          int32
}

type builder struct {
	text    []byte
	syl     []uint16
	entries []rawEntry
	skipped int
	maxSyl  int // longest entry accepted; 0 means maxWordSyllables
}

// parse reads a dictionary of about size bytes (0 if unknown) whose entries
// have at most maxSyl syllables (0: maxWordSyllables).
func parse(r io.Reader, size, maxSyl int) (*Dict, error) {
	size = min(size, 64<<20)
	b := builder{ // sized for the Debian file: 19 bytes and 2 syllables a line
		text:    make([]byte, 0, size/2),
		syl:     make([]uint16, 0, size/9),
		entries: make([]rawEntry, 0, size/19),
		maxSyl:  maxSyl,
	}
	br := bufio.NewReaderSize(r, min(64<<10, max(size, 4096)+1))
	const (
		start = iota
		header
		body
	)
	state := start
	first := true
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) || len(line) > maxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = br.ReadSlice('\n')
			}
			if state == body {
				b.skipped++
			}
			line = nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read dictionary: %w", err)
		}
		if first {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
			first = false
		}
		line = bytes.TrimRight(line, "\r\n")
		switch state {
		case start:
			t := bytes.TrimSpace(line)
			switch {
			case len(t) == 0 || t[0] == '#':
			case string(t) == "---":
				state = header
			default:
				state = body
				b.add(line)
			}
		case header:
			if string(bytes.TrimSpace(line)) == "..." {
				state = body
			}
		case body:
			b.add(line)
		}
		if err != nil { // io.EOF
			break
		}
	}
	if len(b.entries) == 0 {
		return nil, ErrNoEntries
	}
	return b.build(), nil
}

// add parses one body line, counting it as skipped if malformed.
func (b *builder) add(line []byte) {
	if t := bytes.TrimSpace(line); len(t) == 0 || t[0] == '#' {
		return
	}
	if !b.addEntry(line) {
		b.skipped++
	}
}

func (b *builder) addEntry(line []byte) bool {
	text, rest, ok := bytes.Cut(line, []byte{'\t'})
	if !ok {
		return false
	}
	code, weightField, hasWeight := bytes.Cut(rest, []byte{'\t'})
	if len(text) == 0 || !utf8.Valid(text) || bytes.ContainsFunc(text, isSpaceOrControl) {
		return false
	}
	var weight int64
	if hasWeight {
		if len(weightField) == 0 {
			return false
		}
		for _, c := range weightField {
			if c < '0' || c > '9' {
				return false
			}
			weight = weight*10 + int64(c-'0')
			if weight > math.MaxInt32 {
				return false
			}
		}
	}
	sylOff := len(b.syl)
	n := 0
	for s := range bytes.SplitSeq(code, []byte{' '}) {
		id, ok := syllableID(s)
		if !ok {
			if len(s) == 3 && (s[0] == 'l' || s[0] == 'n') && s[1] == 'v' && s[2] == 'e' {
				id, ok = syllableID([]byte{s[0], 'u', 'e'})
			}
		}
		n++
		if !ok || n > b.limit() {
			b.syl = b.syl[:sylOff]
			return false
		}
		b.syl = append(b.syl, uint16(id))
	}
	if utf8.RuneCount(text) != n || len(text) > math.MaxUint16 || len(b.text)+len(text) > math.MaxUint32 {
		b.syl = b.syl[:sylOff]
		return false
	}
	b.entries = append(b.entries, rawEntry{
		key:     sortKey(b.syl[sylOff:]),
		textOff: uint32(len(b.text)),
		sylOff:  uint32(sylOff),
		textLen: uint16(len(text)),
		sylLen:  uint8(n),
		weight:  int32(weight),
	})
	b.text = append(b.text, text...)
	return true
}

// limit is the most syllables an entry may have.
func (b *builder) limit() int {
	if b.maxSyl > 0 {
		return b.maxSyl
	}
	return maxWordSyllables
}

// sortKey packs the first 7 syllable IDs, plus one, into 9 bits each, first
// highest, so that keys sort as the syllable sequences do; sequences that
// agree on 7 syllables get the same key.
func sortKey(syl []uint16) uint64 {
	var k uint64
	for i := range 7 {
		k <<= 9
		if i < len(syl) {
			k |= uint64(syl[i]) + 1
		}
	}
	return k
}

func isSpaceOrControl(r rune) bool {
	return r < ' ' || r == ' ' || r == 0x7f || r == utf8.RuneError
}

// build sorts the entries by syllables, then by falling weight, then by
// text, and packs them into a Dict.
func (b *builder) build() *Dict {
	syl := func(e rawEntry) []uint16 { return b.syl[e.sylOff : e.sylOff+uint32(e.sylLen)] }
	text := func(e rawEntry) []byte { return b.text[e.textOff : e.textOff+uint32(e.textLen)] }
	slices.SortFunc(b.entries, func(x, y rawEntry) int {
		if x.key != y.key {
			if x.key < y.key {
				return -1
			}
			return 1
		}
		if c := slices.Compare(syl(x), syl(y)); c != 0 {
			return c
		}
		if x.weight != y.weight {
			if x.weight > y.weight {
				return -1
			}
			return 1
		}
		return bytes.Compare(text(x), text(y))
	})
	n := len(b.entries)
	d := &Dict{
		textOff: make([]uint32, n+1),
		syl:     make([]uint16, 0, len(b.syl)),
		sylOff:  make([]uint32, n+1),
		weight:  make([]int32, n),
		skipped: b.skipped,
	}
	var sb strings.Builder
	sb.Grow(len(b.text))
	for i, e := range b.entries {
		sb.Write(text(e))
		d.syl = append(d.syl, syl(e)...)
		d.textOff[i+1] = uint32(sb.Len())
		d.sylOff[i+1] = uint32(len(d.syl))
		d.weight[i] = e.weight
		d.maxSyl = max(d.maxSyl, int(e.sylLen))
	}
	d.text = sb.String()
	total := float64(n)
	for _, w := range d.weight {
		total += float64(w)
	}
	d.logTotal = math.Log(total)
	return d
}
