package speech

import (
	"regexp"
	"strings"
	"unicode"
)

// Code readers. espeak-ng reads digits run together as one number
// ("110105" → 十一万零一百零五) and "X" as the English letter; a citizen
// checking an ID number needs it digit by digit, X as 叉, in the groups
// people say it in. These helpers return text for Utterance.Text. Results
// of ID numbers, names and phone numbers are personal data: speak them
// with Utterance.Private set.

// chineseDigits are the readings of 0–9.
var chineseDigits = [10]string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// groupPause separates groups of a code: espeak-ng pauses at a comma.
const groupPause = "，"

// Digits reads s one character at a time: digits as 零 一 二 …, X as 叉,
// other Latin letters by their letter names; characters such as space,
// '-', '/' or '.' become a short pause between groups. Anything else (a
// Chinese character) is kept as it is.
//
//	Digits("11010519491231002X") == "一 一 零 一 零 五 一 九 四 九 一 二 三 一 零 零 二 叉"
//	Digits("0755-8888")          == "零 七 五 五，八 八 八 八"
func Digits(s string) string {
	return readGroups(splitSeparators(s), chineseDigits[1])
}

// IDNumber reads a resident ID number (or another card number) digit by
// digit in the groups people say it in: 6-8-4 for 18 characters (address
// code, birth date, sequence and check character), 6-6-3 for the old 15
// digits, groups of four otherwise. Separators in s are ignored.
//
//	IDNumber("11010519491231002X") == "一 一 零 一 零 五，一 九 四 九 一 二 三 一，零 零 二 叉"
func IDNumber(s string) string {
	r := []rune(stripSeparators(s))
	switch len(r) {
	case 18:
		return readGroups(cut(r, 6, 8, 4), chineseDigits[1])
	case 15:
		return readGroups(cut(r, 6, 6, 3), chineseDigits[1])
	}
	return readGroups(fours(r), chineseDigits[1])
}

// Phone reads a phone number digit by digit, 1 as 幺 as telephone numbers
// are read aloud in Chinese. A mobile number goes 3-4-4; "+86" or "86" in
// front of one is dropped; a landline keeps the groups written in s, or
// without them splits off its area code (010, 02x: three digits; others
// four). Short numbers such as the 12345 hotline are read in one group.
//
//	Phone("13812345678") == "幺 三 八，幺 二 三 四，五 六 七 八"
func Phone(s string) string {
	s = strings.TrimSpace(s)
	if groups := splitSeparators(strings.TrimPrefix(s, "+86")); len(groups) > 1 {
		if len(groups[0]) == 2 && string(groups[0]) == "86" {
			groups = groups[1:]
		}
		if len(groups) > 1 {
			return readGroups(groups, "幺")
		}
	}
	r := []rune(stripSeparators(strings.TrimPrefix(s, "+86")))
	if len(r) == 13 && string(r[:2]) == "86" && r[2] == '1' {
		r = r[2:]
	}
	switch {
	case len(r) == 11 && r[0] == '1':
		return readGroups(cut(r, 3, 4, 4), "幺")
	case len(r) >= 10 && r[0] == '0':
		area := 4
		if r[1] == '1' || r[1] == '2' {
			area = 3
		}
		return readGroups([][]rune{r[:area], r[area:]}, "幺")
	}
	return readGroups([][]rune{r}, "幺")
}

// Code reads an acceptance number (受理号), a verification code or any
// other code character by character, in groups of four, or in the groups
// written in s when it has separators.
//
//	Code("SL2024031500012") == "S L 二 零，二 四 零 三，一 五 零 零，零 一 二"
func Code(s string) string {
	if groups := splitSeparators(s); len(groups) > 1 {
		return readGroups(groups, chineseDigits[1])
	}
	return readGroups(fours([]rune(stripSeparators(s))), chineseDigits[1])
}

// yearPattern finds a four-digit year written before 年.
var yearPattern = regexp.MustCompile(`([0-9０-９]{4})年`)

// Prose prepares ordinary text: numbers stay numbers (espeak-ng reads
// "共15项" as 共十五项), except years, which are read digit by digit as
// people say them ("2024年" → 二零二四年).
func Prose(s string) string {
	return yearPattern.ReplaceAllStringFunc(s, func(m string) string {
		year := strings.TrimSuffix(m, "年")
		var b strings.Builder
		for _, c := range year {
			b.WriteString(readChar(c, chineseDigits[1]))
		}
		return b.String() + "年"
	})
}

// isSeparator reports whether c only separates groups of a code.
func isSeparator(c rune) bool {
	return unicode.IsSpace(c) || strings.ContainsRune("-‐‑–—_/.·,，、:：()（）", c)
}

// stripSeparators drops separators and maps full-width characters to ASCII.
func stripSeparators(s string) string {
	var b strings.Builder
	for _, c := range s {
		if !isSeparator(c) {
			b.WriteRune(narrow(c))
		}
	}
	return b.String()
}

// splitSeparators splits s into groups at runs of separators.
func splitSeparators(s string) [][]rune {
	var groups [][]rune
	var cur []rune
	for _, c := range s {
		if isSeparator(c) {
			if len(cur) > 0 {
				groups = append(groups, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, narrow(c))
	}
	if len(cur) > 0 {
		groups = append(groups, cur)
	}
	return groups
}

// narrow maps full-width digits and letters (０-９, Ａ-Ｚ, ａ-ｚ) to ASCII.
func narrow(c rune) rune {
	if c >= 0xFF01 && c <= 0xFF5E {
		return c - 0xFEE0
	}
	return c
}

// cut splits r into groups of the given sizes; what is left over, if any,
// becomes one more group.
func cut(r []rune, sizes ...int) [][]rune {
	var groups [][]rune
	for _, n := range sizes {
		if len(r) == 0 {
			break
		}
		n = min(n, len(r))
		groups = append(groups, r[:n])
		r = r[n:]
	}
	if len(r) > 0 {
		groups = append(groups, r)
	}
	return groups
}

// fours splits r into groups of four.
func fours(r []rune) [][]rune {
	var groups [][]rune
	for len(r) > 4 {
		groups = append(groups, r[:4])
		r = r[4:]
	}
	if len(r) > 0 {
		groups = append(groups, r)
	}
	return groups
}

// readGroups reads each group character by character; one is the reading
// of the digit 1 (一, or 幺 for phone numbers).
func readGroups(groups [][]rune, one string) string {
	parts := make([]string, 0, len(groups))
	for _, g := range groups {
		words := make([]string, 0, len(g))
		for _, c := range g {
			words = append(words, readChar(c, one))
		}
		if len(words) > 0 {
			parts = append(parts, strings.Join(words, " "))
		}
	}
	return strings.Join(parts, groupPause)
}

// readChar is the reading of one character of a code.
func readChar(c rune, one string) string {
	c = narrow(c)
	switch {
	case c == '1':
		return one
	case c >= '0' && c <= '9':
		return chineseDigits[c-'0']
	case c == 'X' || c == 'x':
		return "叉"
	case c >= 'a' && c <= 'z':
		return string(c - 'a' + 'A')
	}
	return string(c)
}
