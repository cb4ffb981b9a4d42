package receipt

import (
	"fmt"
	"strings"
)

// Wrap appends s broken into lines that fit the paper at the current
// character size (see the package function Wrap), each ended with LF.
func (d *Doc) Wrap(s string) *Doc {
	for _, l := range Wrap(s, d.Columns()) {
		d.Line(l)
	}
	return d
}

// Field appends "label value" with the value wrapped under itself (a
// hanging indent), the usual layout of a receipt's data lines:
//
//	受理事项：城乡居民养老保险参保登记
//	          （含个人身份信息变更）
//
// When the label takes more than half the line the value starts on the
// next line instead.
func (d *Doc) Field(label, value string) *Doc {
	cols := d.Columns()
	lw := Cols(label)
	if lw > cols/2 {
		d.Wrap(label)
		return d.Wrap(value)
	}
	lines := Wrap(value, cols-lw)
	indent := strings.Repeat(" ", lw)
	for i, l := range lines {
		if i == 0 {
			d.Line(label + l)
		} else {
			d.Line(indent + l)
		}
	}
	return d
}

// Pair appends left and right on one line, right flush with the right
// edge: "办理时间            2025-03-01 09:30". When both do not fit the
// left text is wrapped and right goes on a line of its own.
func (d *Doc) Pair(left, right string) *Doc {
	cols := d.Columns()
	lw, rw := Cols(left), Cols(right)
	if lw+1+rw <= cols {
		return d.Line(left + strings.Repeat(" ", cols-lw-rw) + right)
	}
	d.Wrap(left)
	for _, l := range Wrap(right, cols) {
		d.Line(padLeft(l, cols))
	}
	return d
}

// Rule appends a line of ch across the paper: '-' gives 48 dashes on 80 mm
// paper, a Chinese character such as '═' half as many.
func (d *Doc) Rule(ch rune) *Doc {
	w := Cols(string(ch))
	return d.Line(strings.Repeat(string(ch), d.Columns()/w))
}

// Column is one column of a Table: its width in columns (see Cols) and the
// alignment of its cells.
type Column struct {
	Width int
	Align Align
}

// Table appends one row: cells[i] goes in cols[i], wrapped within its
// column when too long, so a row may take several lines. Columns are
// separated by one space; their widths plus separators must fit the line.
func (d *Doc) Table(cols []Column, cells ...string) *Doc {
	if len(cells) != len(cols) {
		return d.fail(fmt.Errorf("receipt: table row: %d cells for %d columns", len(cells), len(cols)))
	}
	total := len(cols) - 1
	for _, c := range cols {
		if c.Width < 2 {
			return d.fail(fmt.Errorf("receipt: table column width %d: want at least 2", c.Width))
		}
		total += c.Width
	}
	if total > d.Columns() {
		return d.fail(fmt.Errorf("receipt: table of %d columns on a line of %d", total, d.Columns()))
	}
	wrapped := make([][]string, len(cols))
	rows := 0
	for i, c := range cols {
		wrapped[i] = Wrap(cells[i], c.Width)
		rows = max(rows, len(wrapped[i]))
	}
	var b strings.Builder
	for r := 0; r < rows; r++ {
		b.Reset()
		for i, c := range cols {
			cell := ""
			if r < len(wrapped[i]) {
				cell = wrapped[i][r]
			}
			if i > 0 {
				b.WriteByte(' ')
			}
			switch c.Align {
			case Right:
				b.WriteString(padLeft(cell, c.Width))
			case Center:
				b.WriteString(padCenter(cell, c.Width))
			default:
				if i < len(cols)-1 {
					b.WriteString(padRight(cell, c.Width))
				} else {
					b.WriteString(cell)
				}
			}
		}
		d.Line(strings.TrimRight(b.String(), " "))
	}
	return d
}
