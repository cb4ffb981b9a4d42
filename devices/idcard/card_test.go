package idcard

import "testing"

func TestDisplayName(t *testing.T) {
	tests := []struct {
		name       string
		card       Card
		want, mask string
	}{
		{"resident", Card{Type: Resident, Name: "张三丰"}, "张三丰", "张*丰"},
		{"foreign with both names", Card{Type: ForeignPermanent, Name: "史密斯·约翰", NameEN: "SMITH JOHN"}, "史密斯·约翰", "史****翰"},
		{"foreign with English name only", Card{Type: ForeignPermanent, NameEN: "SMITH JOHN"}, "SMITH JOHN", "S**** J***"},
		{"no name", Card{Type: Resident}, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.card.DisplayName(); got != tc.want {
				t.Errorf("Card.DisplayName() = %q, want %q", got, tc.want)
			}
			if got := tc.card.View().DisplayName(); got != tc.want {
				t.Errorf("View().DisplayName() = %q, want %q", got, tc.want)
			}
			if got := tc.card.Masked().DisplayName(); got != tc.mask {
				t.Errorf("Masked().DisplayName() = %q, want %q", got, tc.mask)
			}
		})
	}
}
