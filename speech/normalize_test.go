package speech_test

import (
	"testing"

	"hallkiosk/speech"
)

func TestCodeReaders(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"digits id", speech.Digits, "11010519491231002X", "一 一 零 一 零 五 一 九 四 九 一 二 三 一 零 零 二 叉"},
		{"digits groups from separators", speech.Digits, "0755-8888", "零 七 五 五，八 八 八 八"},
		{"digits lower x and letters", speech.Digits, "ab9x", "A B 九 叉"},
		{"digits full width", speech.Digits, "１２Ｘ", "一 二 叉"},
		{"id 18", speech.IDNumber, "11010519491231002X", "一 一 零 一 零 五，一 九 四 九 一 二 三 一，零 零 二 叉"},
		{"id 18 with spaces", speech.IDNumber, "110105 19491231 002x", "一 一 零 一 零 五，一 九 四 九 一 二 三 一，零 零 二 叉"},
		{"id 15", speech.IDNumber, "110105491231002", "一 一 零 一 零 五，四 九 一 二 三 一，零 零 二"},
		{"id permit", speech.IDNumber, "810000199001011234", "八 一 零 零 零 零，一 九 九 零 零 一 零 一，一 二 三 四"},
		{"id other", speech.IDNumber, "H12345678", "H 一 二 三，四 五 六 七，八"},
		{"mobile", speech.Phone, "13812345678", "幺 三 八，幺 二 三 四，五 六 七 八"},
		{"mobile +86", speech.Phone, "+86 138 1234 5678", "幺 三 八，幺 二 三 四，五 六 七 八"},
		{"mobile 86 run together", speech.Phone, "8613812345678", "幺 三 八，幺 二 三 四，五 六 七 八"},
		{"landline written", speech.Phone, "0755-88881234", "零 七 五 五，八 八 八 八 幺 二 三 四"},
		{"landline beijing", speech.Phone, "01088881234", "零 幺 零，八 八 八 八 幺 二 三 四"},
		{"hotline", speech.Phone, "12345", "幺 二 三 四 五"},
		{"acceptance number", speech.Code, "SL2024031500012", "S L 二 零，二 四 零 三，一 五 零 零，零 一 二"},
		{"code with dashes", speech.Code, "AB-12-9", "A B，一 二，九"},
		{"sms code", speech.Code, "482913", "四 八 二 九，一 三"},
		{"empty", speech.Code, "", ""},
		{"prose keeps numbers", speech.Prose, "第2步，共4步", "第2步，共4步"},
		{"prose reads years", speech.Prose, "2024年3月5日前办理", "二零二四年3月5日前办理"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}
