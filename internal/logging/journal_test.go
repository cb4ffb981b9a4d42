package logging

import (
	"bytes"
	"log"
	"strings"
	"testing"
)

func TestJournalPriorities(t *testing.T) {
	var buf bytes.Buffer
	l := New(JournalPriorities(&buf), "debug", "HALL-1")
	l.Debug("d")
	l.Info("i")
	l.Warn("w")
	l.Error("e")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for i, want := range []string{`<7>{`, `<6>{`, `<4>{`, `<3>{`} {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("line %d %q, want prefix %s", i, lines[i], want)
		}
	}
}

func TestStdlibWriterWrapsIntoJSON(t *testing.T) {
	var buf bytes.Buffer
	std := log.New(StdlibWriter(New(&buf, "info", "HALL-1"), "fyne"), "", 0)
	std.Println("Fyne error:  Error parsing user locale C")
	out := buf.String()
	if !strings.HasPrefix(out, "{") || !strings.Contains(out, `"component":"fyne"`) || !strings.Contains(out, `"level":"WARN"`) || !strings.Contains(out, "Error parsing user locale C") {
		t.Fatalf("got %q", out)
	}
}
