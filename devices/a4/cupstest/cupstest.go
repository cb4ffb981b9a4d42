// Package cupstest starts a private CUPS scheduler with a cups-pdf queue
// for tests: its own configuration, spool and log directories in a temp
// dir and a domain socket there, so tests neither need nor disturb the
// machine's cupsd. Point a4.Opts.Server (or CUPS_SERVER) at Server.Socket.
//
// cups-pdf writes the "printed" PDFs to the Out directory of
// /etc/cups/cups-pdf.conf (${HOME}/PDF of the submitting user by default);
// Output finds a job's file there by its title. Tests skip, saying why,
// when cupsd, the cups-pdf backend or its PPD is missing (Debian packages
// cups and printer-driver-cups-pdf) or cupsd cannot start (it needs root
// to run its backends).
package cupstest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Paths of the Debian packages the server needs.
const (
	CupsPDFBackend = "/usr/lib/cups/backend/cups-pdf"
	CupsPDFPPD     = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
	cupsPDFConf    = "/etc/cups/cups-pdf.conf"
)

// Server is a running private cupsd.
type Server struct {
	// Dir holds configuration, spool, logs and the socket.
	Dir string
	// Socket is the scheduler's domain socket (the CUPS_SERVER value).
	Socket string
	// Queue is the cups-pdf queue that was added.
	Queue string
	// OutDir is where cups-pdf writes the PDFs of this user's jobs.
	OutDir string

	cmd  *exec.Cmd
	done chan struct{}
	once sync.Once
}

// Start runs cupsd in the foreground on a private socket, adds a cups-pdf
// queue named queue and stops everything when the test ends. It skips the
// test when CUPS cannot run here.
func Start(t testing.TB, queue string) *Server {
	t.Helper()
	cupsd, err := exec.LookPath("cupsd")
	if err != nil {
		if _, serr := os.Stat("/usr/sbin/cupsd"); serr != nil {
			t.Skip("cupstest: cupsd not installed (Debian package cups)")
		}
		cupsd = "/usr/sbin/cupsd"
	}
	for _, p := range []string{CupsPDFBackend, CupsPDFPPD} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("cupstest: %s missing (Debian package printer-driver-cups-pdf)", p)
		}
	}
	if _, err := exec.LookPath("lpadmin"); err != nil {
		t.Skip("cupstest: lpadmin not installed (Debian package cups-client)")
	}
	if os.Geteuid() != 0 {
		t.Skip("cupstest: cupsd needs root to run the cups-pdf backend")
	}
	dir, err := os.MkdirTemp("", "hkcups-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Dir: dir, Socket: filepath.Join(dir, "cups.sock"), Queue: queue, done: make(chan struct{})}
	t.Cleanup(func() {
		s.Stop()
		os.RemoveAll(dir)
	})
	if err := s.writeConfig(); err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(cupsd, "-f", "-c", filepath.Join(dir, "conf", "cupsd.conf"), "-s", filepath.Join(dir, "conf", "cups-files.conf"))
	s.cmd.Stdout, s.cmd.Stderr = nil, nil
	if err := s.cmd.Start(); err != nil {
		t.Skipf("cupstest: cannot start cupsd: %v", err)
	}
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	if err := s.waitRunning(10 * time.Second); err != nil {
		t.Skipf("cupstest: cupsd did not come up: %v\n%s", err, s.ErrorLog())
	}
	out, err := s.Command("lpadmin", "-p", queue, "-v", "cups-pdf:/", "-P", CupsPDFPPD, "-E").CombinedOutput()
	if err != nil {
		t.Skipf("cupstest: lpadmin: %v: %s", err, out)
	}
	s.OutDir = outDir()
	return s
}

func (s *Server) writeConfig() error {
	for _, d := range []string{"conf/ppd", "spool", "cache", "state", "log", "tmp"} {
		if err := os.MkdirAll(filepath.Join(s.Dir, d), 0o755); err != nil {
			return err
		}
	}
	// Filters run as user lp and need the temp dir and the path to it.
	for _, d := range []string{s.Dir, filepath.Join(s.Dir, "conf")} {
		if err := os.Chmod(d, 0o755); err != nil {
			return err
		}
	}
	if err := os.Chmod(filepath.Join(s.Dir, "tmp"), 0o1777); err != nil {
		return err
	}
	cupsd := fmt.Sprintf(`LogLevel info
Listen %s
Port 0
Browsing No
WebInterface No
IdleExitTimeout 0
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
`, s.Socket)
	files := fmt.Sprintf(`ServerRoot %[1]s/conf
RequestRoot %[1]s/spool
CacheDir %[1]s/cache
StateDir %[1]s/state
TempDir %[1]s/tmp
ErrorLog %[1]s/log/error_log
AccessLog %[1]s/log/access_log
PageLog %[1]s/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
SystemGroup root
FileDevice No
`, s.Dir)
	if err := os.WriteFile(filepath.Join(s.Dir, "conf", "cupsd.conf"), []byte(cupsd), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.Dir, "conf", "cups-files.conf"), []byte(files), 0o644)
}

func (s *Server) waitRunning(d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		out, _ := s.Command("lpstat", "-r").Output()
		if strings.Contains(string(out), "scheduler is running") {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("cupsd exited")
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no answer on %s after %v", s.Socket, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Env is the environment for CUPS clients talking to this server.
func (s *Server) Env() []string {
	return append(os.Environ(), "CUPS_SERVER="+s.Socket, "LC_ALL=C", "LANG=C")
}

// Command prepares a CUPS client (lpstat, cupsdisable, ...) against this
// server.
func (s *Server) Command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Env = s.Env()
	return c
}

// Run runs a CUPS client against this server and fails the test on error.
func (s *Server) Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := s.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Stop terminates cupsd (the process this Server started) and waits for
// it; CUPS is then "down" for the clients. A second Stop is harmless.
func (s *Server) Stop() {
	s.once.Do(func() {
		if s.cmd == nil || s.cmd.Process == nil {
			return
		}
		s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-s.done
		}
	})
}

// ErrorLog returns cupsd's error log, for failure messages.
func (s *Server) ErrorLog() string {
	b, _ := os.ReadFile(filepath.Join(s.Dir, "log", "error_log"))
	return string(b)
}

// Output waits for the PDF cups-pdf wrote for a job titled title (submit
// with -o TitlePref=1 so the title names the file) and returns its path.
// The caller removes it.
func (s *Server) Output(ctx context.Context, title string) (string, error) {
	for {
		matches, _ := filepath.Glob(filepath.Join(s.OutDir, title+"*.pdf"))
		for _, m := range matches {
			// cups-pdf writes in place; wait until the size settles.
			st1, err1 := os.Stat(m)
			time.Sleep(200 * time.Millisecond)
			st2, err2 := os.Stat(m)
			if err1 == nil && err2 == nil && st1.Size() > 0 && st1.Size() == st2.Size() {
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("cupstest: no output for %q in %s: %w", title, s.OutDir, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// OutputForJob waits for the PDF cups-pdf wrote for job number n (its
// file name ends in -job_n.pdf) no earlier than since, whatever title
// cups-pdf chose, and returns its path. The caller removes it.
func (s *Server) OutputForJob(ctx context.Context, n int, since time.Time) (string, error) {
	for {
		matches, _ := filepath.Glob(filepath.Join(s.OutDir, fmt.Sprintf("*-job_%d.pdf", n)))
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && !st.ModTime().Before(since.Add(-time.Second)) && st.Size() > 0 {
				return m, nil
			}
		}
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("cupstest: no output for job %d in %s: %w", n, s.OutDir, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// outDir reads cups-pdf's Out setting and expands ${HOME} for the current
// user (cups-pdf uses the submitting user's home).
func outDir() string {
	out := "${HOME}/PDF"
	if f, err := os.Open(cupsPDFConf); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			l := strings.TrimSpace(sc.Text())
			if v, ok := strings.CutPrefix(l, "Out "); ok {
				out = strings.TrimSpace(v)
			}
		}
		f.Close()
	}
	home := "/root"
	if u, err := user.Current(); err == nil {
		home = u.HomeDir
	}
	return strings.ReplaceAll(out, "${HOME}", home)
}
