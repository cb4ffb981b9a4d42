package clock

import (
	"testing"
	"time"
)

func TestFakeFiresInOrderIncludingChained(t *testing.T) {
	c := NewFake(time.Unix(0, 0))
	var got []string
	c.AfterFunc(2*time.Second, func() { got = append(got, "b") })
	c.AfterFunc(time.Second, func() {
		got = append(got, "a")
		c.AfterFunc(time.Second, func() { got = append(got, "a2") })
	})
	stopped := c.AfterFunc(1500*time.Millisecond, func() { got = append(got, "never") })
	if !stopped.Stop() {
		t.Fatal("stop of a pending timer reported false")
	}
	c.Advance(3 * time.Second)
	want := []string{"a", "b", "a2"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	if c.Now() != time.Unix(3, 0) {
		t.Fatalf("now = %v", c.Now())
	}
}
