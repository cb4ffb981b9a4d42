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

// buildSearch finds services by a keyword chip or by pinyin typed on the
// on-screen keyboard ("gjj" or "gongjijin" finds 住房公积金提取). There is
// no Chinese input method on the kiosk, so pinyin is the typed path.
func buildSearch(u *UI, s app.Screen) *View {
	b := u.builder()
	results := u.deps.Catalog.Search(u.query)
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
		chips = append(chips, b.button(word, kindPlain, RoleButton, func() { u.setQuery(word) }))
	}

	shown := u.query
	if shown == "" {
		shown = "请点下方的词，或用键盘输入拼音首字母"
	}
	queryBox := card(newText(shown, theme.SizeNameSubHeadingText, ""))

	var rows []fyne.CanvasObject
	for _, row := range strings.Fields(keyboardRows) {
		var keys []fyne.CanvasObject
		for _, r := range row {
			letter := string(unicode.ToLower(r))
			k := b.button(string(r), kindPlain, RoleButton, func() { u.setQuery(u.query + letter) })
			b.items[len(b.items)-1].Name = "字母" + string(r)
			keys = append(keys, k)
		}
		rows = append(rows, container.NewCenter(container.NewHBox(keys...)))
	}
	del := b.button("删除", kindPlain, RoleButton, func() {
		r := []rune(u.query)
		if len(r) > 0 {
			u.setQuery(string(r[:len(r)-1]))
		}
	})
	clear := b.button("清空", kindPlain, RoleButton, func() { u.setQuery("") })
	del.MinWidth, clear.MinWidth = 160, 160
	rows = append(rows, container.NewCenter(container.NewHBox(del, clear)))

	resultBox := vbox(subheading("搜索结果"))
	switch {
	case u.query == "":
		resultBox.Add(muted("输入后这里显示相关服务。", 800))
	case len(tiles) == 0:
		resultBox.Add(body("没有找到“"+u.query+"”相关的服务，可以换个词，或呼叫工作人员帮您。", 800))
	default:
		resultBox.Add(grid(2, tiles...))
	}
	instruction := "点一个常用词，或用拼音首字母搜索，例如公积金输入 gjj。"
	if u.query != "" {
		instruction = "已输入" + strings.ToUpper(u.query) + "，找到" + itoa(len(results)) + "项服务。"
	}
	keyboard := vbox(append([]fyne.CanvasObject{subheading("拼音键盘")}, rows...)...)
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
	return &View{Title: "搜索服务", Instruction: instruction, Private: u.query != "", Body: content, Items: b.items, Delete: func() bool {
		r := []rune(u.query)
		if len(r) == 0 {
			return false
		}
		u.setQuery(string(r[:len(r)-1]))
		return true
	}, Letter: func(r rune) bool {
		if r == '\'' {
			return false
		}
		u.setQuery(u.query + string(unicode.ToLower(r)))
		return true
	}}
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

// setQuery changes the search and redraws the screen.
func (u *UI) setQuery(q string) {
	u.query = q
	u.deps.Session.Touch()
	u.rebuild(u.lastSnap)
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
