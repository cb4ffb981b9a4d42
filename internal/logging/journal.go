package logging

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"syscall"
)

// UnderJournal reports whether f is the stream systemd connected to
// journald for this service (JOURNAL_STREAM holds its device and inode).
func UnderJournal(f *os.File) bool {
	want := os.Getenv("JOURNAL_STREAM")
	if want == "" || f == nil {
		return false
	}
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && fmt.Sprintf("%d:%d", st.Dev, st.Ino) == want
}

// JournalPriorities returns a writer that starts every JSON log line with
// its syslog priority in the form journald reads (SyslogLevelPrefix=, on by
// default): <3> error, <4> warn, <6> info, <7> debug. So
// `journalctl -u hallkiosk -p warning` shows warnings and errors only. The
// JSON handler writes one record per Write.
func JournalPriorities(w io.Writer) io.Writer { return &priorityWriter{w: w} }

type priorityWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (p *priorityWriter) Write(b []byte) (int, error) {
	prefix := "<6>"
	switch {
	case bytes.Contains(b, []byte(`"level":"ERROR`)):
		prefix = "<3>"
	case bytes.Contains(b, []byte(`"level":"WARN`)):
		prefix = "<4>"
	case bytes.Contains(b, []byte(`"level":"DEBUG`)):
		prefix = "<7>"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, err := p.w.Write(append([]byte(prefix), b...)); err != nil {
		return 0, err
	}
	return len(b), nil
}

// StdlibWriter returns a writer for the standard log package (log.SetOutput)
// that turns each line into a warning of log with component name: Fyne's
// and GLFW's own messages then join the JSON stream instead of breaking it.
func StdlibWriter(log *slog.Logger, name string) io.Writer {
	return &stdlibWriter{log: Component(log, name)}
}

type stdlibWriter struct{ log *slog.Logger }

func (s *stdlibWriter) Write(b []byte) (int, error) {
	msg := string(bytes.TrimRight(b, "\n"))
	if len(msg) > 4096 {
		msg = msg[:4096]
	}
	s.log.Warn(msg)
	return len(b), nil
}
