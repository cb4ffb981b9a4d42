package receiptsim

import "testing"

func TestSecondReceiptIsNotDrawnOverTheFirst(t *testing.T) {
	m := newPaper(576, nil)
	m.grow(100)
	for i := range m.pix {
		m.pix[i] = 0xFF
	}
	first := m.take(576)
	m.grow(50)
	second := m.take(576)
	for _, px := range second.Pix {
		if px != 0 {
			t.Fatal("the second receipt shows the first one's dots")
		}
	}
	_ = first
}
