package screens

import (
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"hallkiosk/app"
)

// searchKeywords are the words people ask for most; one touch searches.
var searchKeywords = [...]string{"社保", "公积金", "养老", "医保", "不动产", "身份证", "居住证", "企业"}

const keyboardRows = "QWERTYUIOP ASDFGHJKL ZXCVBNM"

// searchScreen finds services by a keyword chip or by pinyin typed on the
// on-screen keyboard ("gjj" or "gongjijin" finds 住房公积金提取). There is
// no Chinese input method on the kiosk, so pinyin is the typed path. It
// keeps what was typed while the citizen looks at a result and comes back.
type searchScreen struct {
	u     *UI
	query string // the letters typed or the keyword chosen
}

func newSearchScreen(u *UI, _ app.Screen) *searchScreen { return &searchScreen{u: u} }

func (s *searchScreen) keepsPlace() {}

func (s *searchScreen) build() *View {
	u := s.u
	st := u.style()
	b := u.builder()
	results := u.deps.Catalog.Search(s.query)
	max := 4
	if u.lastSnap.Mode.Elder {
		max = 2
	}
	var tiles []fyne.CanvasObject
	for i, it := range results {
		if i == max {
			break
		}
		tiles = append(tiles, u.serviceTile(b, it))
	}

	var chips []fyne.CanvasObject
	for _, k := range searchKeywords {
		word := k
		chips = append(chips, b.button(word, kindPlain, RoleButton, func() { s.onQuery(word) }))
	}

	shown := s.query
	if shown == "" {
		shown = "请点下方的词，或用键盘输入拼音首字母"
	}
	queryBox := card(u.text(shown, theme.SizeNameSubHeadingText, ""))

	var rows []fyne.CanvasObject
	for _, row := range strings.Fields(keyboardRows) {
		var keys []fyne.CanvasObject
		for _, r := range row {
			letter := unicode.ToLower(r)
			k := b.button(string(r), kindPlain, RoleButton, func() { s.onLetter(letter) })
			b.items[len(b.items)-1].Name = "字母" + string(r)
			keys = append(keys, k)
		}
		rows = append(rows, container.NewCenter(container.NewHBox(keys...)))
	}
	del := b.button("删除", kindPlain, RoleButton, func() { s.onDelete() })
	clear := b.button("清空", kindPlain, RoleButton, func() { s.onQuery("") })
	del.MinWidth, clear.MinWidth = 160, 160
	rows = append(rows, container.NewCenter(container.NewHBox(del, clear)))

	resultBox := vbox(subheading(st, "搜索结果"))
	switch {
	case s.query == "":
		resultBox.Add(muted(st, "输入后这里显示相关服务。", 800))
	case len(tiles) == 0:
		resultBox.Add(body(st, "没有找到“"+s.query+"”相关的服务，可以换个词，或呼叫工作人员帮您。", 800))
	default:
		resultBox.Add(grid(2, tiles...))
	}
	instruction := "点一个常用词，或用拼音首字母搜索，例如公积金输入 gjj。"
	if s.query != "" {
		instruction = "已输入" + strings.ToUpper(s.query) + "，找到" + itoa(len(results)) + "项服务。"
	}
	keyboard := vbox(append([]fyne.CanvasObject{subheading(st, "拼音键盘")}, rows...)...)
	chipCols := 4
	if u.lastSnap.Mode.Elder {
		chipCols = 2
		if len(chips) > 4 {
			chips = chips[:4]
			b.items = withoutObjects(b.items, chipObjects(b.items, searchKeywords[4:])...)
		}
	}
	var content fyne.CanvasObject
	if u.portrait {
		content = vbox(queryBox, grid(chipCols, chips...), resultBox, keyboard)
	} else {
		content = container.New(&splitLayout{ratio: 0.5}, vbox(queryBox, grid(chipCols, chips...), resultBox), keyboard)
	}
	// What the citizen typed is theirs: never in the prompt cache.
	return &View{Title: "搜索服务", Instruction: instruction, Private: s.query != "", Body: content, Items: b.items,
		Delete: s.onDelete,
		Letter: func(r rune) bool {
			if r == '\'' {
				return false
			}
			s.onLetter(unicode.ToLower(r))
			return true
		}}
}

// onQuery searches for q instead and redraws the screen.
func (s *searchScreen) onQuery(q string) {
	s.query = q
	s.u.deps.Session.Touch()
	s.u.rebuild(s.u.lastSnap)
}

// onLetter adds a letter to the search.
func (s *searchScreen) onLetter(r rune) { s.onQuery(s.query + string(r)) }

// onDelete removes the last letter of the search and reports whether
// there was one.
func (s *searchScreen) onDelete() bool {
	r := []rune(s.query)
	if len(r) == 0 {
		return false
	}
	s.onQuery(string(r[:len(r)-1]))
	return true
}

// chipObjects returns the widgets of the items named in names.
func chipObjects(items []*Item, names []string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, it := range items {
		for _, n := range names {
			if it.Name == n {
				out = append(out, it.Object)
			}
		}
	}
	return out
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for n > 0 {
		d = append([]byte{byte('0' + n%10)}, d...)
		n /= 10
	}
	return string(d)
}
