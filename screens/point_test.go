package screens

import (
	"slices"
	"strings"
	"testing"
)

// TestPointRingsTheItem: the screen's items that carry no personal data
// are handed to the live view, and staff pointing at one rings it and
// says 请点这里, even on a kiosk that does not talk otherwise.
func TestPointRingsTheItem(t *testing.T) {
	k := newTestKiosk(t)
	var items []string
	k.ui.deps.OnItems = func(names []string) { items = names }
	k.session.Start()
	if !slices.Contains(items, "呼叫工作人员") {
		t.Fatalf("items handed on: %q", items)
	}
	k.voice.Recorder.Reset()
	if !k.ui.Point("呼叫工作人员") {
		t.Fatal("the item was not pointed at")
	}
	if !strings.Contains(strings.Join(k.said(), "|"), "请点这里") {
		t.Fatalf("said %q", k.said())
	}
	if k.ui.Point("no such item") {
		t.Fatal("pointed at an item not on screen")
	}
}
