package reach

import "testing"

func TestOf(t *testing.T) {
	cases := []struct {
		m        Mount
		top, bot float32
	}{
		// 32" upright panel (708 mm picture) with its lower edge at 700 mm:
		// reach ends 500 mm above the lower edge.
		{Mount{BottomMM: 700, HeightMM: 708}, 208.0 / 708, 1},
		// Hung low: the whole picture is within reach.
		{Mount{BottomMM: 400, HeightMM: 708}, 0, 1},
		// Hung so low its lower edge is below 380 mm.
		{Mount{BottomMM: 200, HeightMM: 708}, 0, (908.0 - 380) / 708},
		// Hung out of reach: the lower fifth still.
		{Mount{BottomMM: 1190, HeightMM: 708}, 0.8, 1},
		{Mount{}, 0, 1},
	}
	for _, c := range cases {
		b := Of(c.m)
		if d := b.Top - c.top; d > 1e-4 || d < -1e-4 {
			t.Errorf("%+v: top %.4f, want %.4f", c.m, b.Top, c.top)
		}
		if d := b.Bottom - c.bot; d > 1e-4 || d < -1e-4 {
			t.Errorf("%+v: bottom %.4f, want %.4f", c.m, b.Bottom, c.bot)
		}
	}
	b := Band{Top: 0.25, Bottom: 1}
	if !b.Contains(500, 1920, 1920) || b.Contains(479, 600, 1920) {
		t.Error("Contains misjudges a span")
	}
}
