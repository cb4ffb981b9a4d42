package pinyin

import (
	"math"
	"slices"
	"strings"
)

// A composition is the whole input written as a sequence of dictionary
// entries: the best paths through a lattice whose nodes are letter
// positions and whose edges are entries spelled by the letters between two
// positions (whole syllables; the last syllable may be unfinished). An
// edge costs its source's logTotal - ln(weight+1) (a unigram model's
// -log probability), less the source's bonus, plus segmentCost; the
// cheapest paths win.

// lsource is one dictionary the lattice draws edges from.
type lsource struct {
	d      *Dict
	bonus  float64 // subtracted from every edge's cost
	maxLen int     // longest entry used, in syllables (0: any)
}

// segmentCost is added per edge, so that fewer, longer words win over
// chains of single characters of the same probability.
const segmentCost = 1.0

// partialCost is added to an edge whose last syllable is unfinished, so
// that a syllable typed in full (qian → 倩) wins over one it begins (qiang
// → 强).
const partialCost = 4.0

// maxEdges is the number of entries of one spelling (the best by weight)
// that become edges.
const maxEdges = 4

// beam is the number of paths kept at each position.
const beam = 6

// maxComposeLetters bounds the input a composition is tried for.
const maxComposeLetters = 64

// lnode is one path's last step.
type lnode struct {
	cost float64
	prev int32 // index of the previous node, -1 at a start
	src  int8  // index into the sources, -1 for a start
	e    int32 // entry
}

// composed is one composition.
type composed struct {
	text  string
	syl   []uint16
	segs  int
	multi bool // some segment has two characters or more
	cost  float64
}

// lstart is a path start: a position, the cost so far, and the entry of
// pre that led there (a surname), if any.
type lstart struct {
	pos  int
	cost float64
	pre  int8 // index into pre, -1 for none
	e    int32
}

// compose returns the cheapest compositions of the input from each start
// to its end using sources, at most n of them, each text once.
func compose(in *input, starts []lstart, sources []lsource, pre []lsource, n int) []composed {
	letters := len(in.letters)
	if letters == 0 || letters > maxComposeLetters {
		return nil
	}
	// Words end where the pieces of the input's split end (zhang is
	// zhang, never zha + ng).
	bound := make([]bool, letters+1)
	for _, p := range in.split() {
		bound[p.end] = true
	}
	nodes := make([]lnode, 0, 64)
	best := make([][]int32, letters+1)
	all := slices.Concat(pre, sources)
	insert := func(pos int, nd lnode) {
		b := best[pos]
		if len(b) == beam && nodes[b[beam-1]].cost <= nd.cost {
			return
		}
		nodes = append(nodes, nd)
		i := int32(len(nodes) - 1)
		k := len(b)
		for k > 0 && nodes[b[k-1]].cost > nd.cost {
			k--
		}
		b = slices.Insert(b, k, i)
		if len(b) > beam {
			b = b[:beam]
		}
		best[pos] = b
	}
	for _, s := range starts {
		if s.pos > 0 && !bound[s.pos] {
			continue
		}
		if s.pre < 0 {
			insert(s.pos, lnode{cost: s.cost, prev: -1, src: -1})
			continue
		}
		// A first step from pre (a surname): a root, then the step.
		nodes = append(nodes, lnode{prev: -1, src: -1})
		insert(s.pos, lnode{cost: s.cost, prev: int32(len(nodes) - 1), src: s.pre, e: s.e})
	}
	for pos := 0; pos < letters; pos++ {
		if len(best[pos]) == 0 {
			continue
		}
		from := slices.Clone(best[pos])
		for si, src := range sources {
			src.d.spans(in, pos, src.maxLen, func(end, e int, partial bool) {
				if !bound[end] {
					return
				}
				c := src.d.logTotal - math.Log(float64(src.d.weight[e])+1) - src.bonus + segmentCost
				if partial {
					c += partialCost
				}
				for _, p := range from {
					insert(end, lnode{cost: nodes[p].cost + c, prev: p, src: int8(len(pre) + si), e: int32(e)})
				}
			})
		}
	}
	var out []composed
	for _, i := range best[letters] {
		var parts []lnode
		for j := i; j >= 0 && nodes[j].src >= 0; j = nodes[j].prev {
			parts = append(parts, nodes[j])
		}
		if len(parts) == 0 {
			continue
		}
		slices.Reverse(parts)
		c := composed{segs: len(parts), cost: nodes[i].cost}
		var sb strings.Builder
		for _, p := range parts {
			d := all[p.src].d
			sb.WriteString(d.entryText(int(p.e)))
			syl := d.entrySyl(int(p.e))
			c.syl = append(c.syl, syl...)
			c.multi = c.multi || len(syl) > 1
		}
		c.text = sb.String()
		if !slices.ContainsFunc(out, func(o composed) bool { return o.text == c.text }) {
			out = append(out, c)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// spans calls emit for every entry of at most maxLen syllables (any if 0)
// spelled by the letters from pos to some end: whole syllables, the last
// one unfinished only at the end of the input. Of the entries with the same
// syllables only the maxEdges heaviest are emitted.
func (d *Dict) spans(in *input, pos, maxLen int, emit func(end, e int, partial bool)) {
	if d == nil || len(d.weight) == 0 {
		return
	}
	if maxLen <= 0 || maxLen > d.maxSyl {
		maxLen = d.maxSyl
	}
	d.span(in, 0, 0, d.Len(), pos, maxLen, emit)
}

func (d *Dict) span(in *input, depth, lo, hi, pos, maxLen int, emit func(end, e int, partial bool)) {
	n := len(in.letters)
	for j := pos + 1; j <= min(n, pos+maxSpelling); j++ {
		if in.crosses(pos, j) {
			break
		}
		if id, ok := in.full(pos, j); ok {
			a, b := d.keyRange(lo, hi, depth, id, id+1)
			if a < b {
				d.heads(a, b, depth+1, j, false, emit)
				if depth+1 < maxLen && j < n {
					d.span(in, depth+1, a, b, j, maxLen, emit)
				}
			}
		}
		if j == n {
			plo, phi := in.partial(pos, j)
			if plo >= phi {
				continue
			}
			a, b := d.keyRange(lo, hi, depth, plo, phi)
			for a < b {
				g := d.groupEnd(a, b, depth)
				d.heads(a, g, depth+1, j, true, emit)
				a = g
			}
		}
	}
}

// heads emits the first maxEdges entries of [a, b) if they have exactly n
// syllables: entries that share their first n syllables sort the ones with
// no more first, by falling weight.
func (d *Dict) heads(a, b, n, end int, partial bool, emit func(end, e int, partial bool)) {
	for e := a; e < b && e < a+maxEdges && int(d.sylOff[e+1]-d.sylOff[e]) == n; e++ {
		emit(end, e, partial)
	}
}
