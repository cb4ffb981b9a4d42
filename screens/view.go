package screens

import (
	"fyne.io/fyne/v2"
)

// Role is what kind of control an item is, as speech announces it.
type Role string

// Roles of focusable items.
const (
	RoleButton Role = "按钮"
	RoleToggle Role = "开关"
	RoleTile   Role = "服务"
	RoleEntry  Role = "输入框"
	RoleLink   Role = "链接"
	RoleText   Role = "文字"
)

// Item is one focusable thing on a screen, with everything narration needs:
// a spoken name, a role, a state and a value, and what activating it does.
type Item struct {
	// Name is the spoken and shown label ("住房公积金提取").
	Name string
	// Role is announced after the name.
	Role Role
	// Hint is extra speech after the role (e.g. "线下3个工作日，网上1个工作日").
	Hint string
	// State returns the current state ("已开启"), or "".
	State func() string
	// Value returns the current value ("已输入6位"), or "".
	Value func() string
	// Private is set when the name, state, value or hint carries the
	// citizen's own data (a value they entered, a word of their name, one
	// of their applications): the item is then spoken as a private
	// utterance, never cached on disk nor warmed.
	Private bool
	// Object is the widget on screen (for the focus ring and size audit).
	Object fyne.CanvasObject
	// Activate performs the item's action.
	Activate func()
}

// StateText returns the current state or "".
func (it *Item) StateText() string {
	if it.State == nil {
		return ""
	}
	return it.State()
}

// ValueText returns the current value or "".
func (it *Item) ValueText() string {
	if it.Value == nil {
		return ""
	}
	return it.Value()
}

// View is one built screen: its narration (title, step, instruction, help),
// its body, and its focusable items in focus order.
type View struct {
	// Title is the screen's name, shown and spoken first.
	Title string
	// Step is "第2步，共4步" inside a flow, or "".
	Step string
	// Instruction is the one line telling what to do here.
	Instruction string
	// Private is set when Instruction carries the citizen's own data (a
	// 受理号, a masked phone number, what they typed): it is then spoken as
	// a private utterance, never cached on disk nor warmed.
	Private bool
	// Help is spoken on F1 / #.
	Help string
	// Body is the content between header and footer.
	Body fyne.CanvasObject
	// Items are the focusable things of the body, in focus order. The
	// frame adds its own (header toggles, footer buttons).
	Items []*Item
	// Bare screens (attract, ending) have no header or footer.
	Bare bool
	// NoBack hides 返回 in the footer.
	NoBack bool
	// Prompts are further static texts of this screen to synthesise ahead.
	Prompts []string
	// Delete, if set, removes one typed character (Backspace) and reports
	// whether there was one.
	Delete func() bool
	// Letter, if set, takes a letter typed on a hardware keyboard (the
	// pinyin of a search or a text field) and reports whether it did.
	Letter func(r rune) bool
	// OnShow runs when the screen is entered, after it is announced (not
	// on a redraw after a key); OnHide runs when it is replaced.
	OnShow, OnHide func()
}
