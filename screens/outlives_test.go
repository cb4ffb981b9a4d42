package screens

import "testing"

// TestOnlyTheKiosksOwnWordsOutliveACitizen: at a session's end the drawn
// text of numbers, masked values, Latin letters, what the citizen typed
// and characters only their name brings is let go; the kiosk's own words
// stay drawn for the next citizen.
func TestOnlyTheKiosksOwnWordsOutliveACitizen(t *testing.T) {
	typed := map[rune]struct{}{'西': {}, '安': {}}
	onScreen := func(r rune) bool { return r != '䶮' }
	for _, tt := range []struct {
		text string
		keep bool
	}{
		{"城乡居民养老保险缴费", true},
		{"请将身份证平放在下方的感应区，放稳不要移动。", true},
		{"确认提交", true},
		{"第3步，共5步", true},
		{"12月2日 星期三 21:28", true}, // the header's clock
		{"1990年5月3日", false},      // a birth date
		{"500", false},
		{"110105********1234", false},
		{"王*兰", false},
		{"138****8000", false},
		{"13800138000", false},
		{"５００", false},        // full-width digits
		{"SMITH JOHN", false}, // a foreign name
		{"１１０１０５ＸＸ", false},
		{"陕西省西安市", false}, // typed, or from the card's address
		{"刘䶮", false},     // only the citizen font draws it
		{"2026年12月2日", false},
		{"7", true}, // a key of the keypad
		{"X", true},
		{"䶮", false},
		{"兰", false}, // what masking left of a name: 王, * and 兰 are drawn apart
	} {
		if got := outlivesCitizen(tt.text, typed, onScreen); got != tt.keep {
			t.Errorf("outlivesCitizen(%q) = %v, want %v", tt.text, got, tt.keep)
		}
	}
}
