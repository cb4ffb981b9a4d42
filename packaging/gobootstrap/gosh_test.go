package gobootstrap

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// debianGo is Debian 12's Go 1.19 (package golang-1.19-go, which
// packaging/dev-deps.sh installs; golang-go only adds /usr/bin/go on top).
const debianGo = "/usr/lib/go-1.19/bin/go"

// TestGoShOnBareDebian runs packaging/go.sh as `make` does on a bare
// Debian 12, with Debian's real Go 1.19 first on PATH and a module proxy
// on disk (GOPROXY=file://…) that holds golang.org/toolchain of go.mod's
// version, made from this machine's Go of that version — so nothing is
// downloaded.
//
// Proven: go.sh takes go1.19 for too old (its own version test), has that
// go1.19 download the toolchain module through GOPROXY (outside any
// module, with GOTOOLCHAIN=local and GOFLAGS unset, as go.sh runs it),
// makes bin/go and pkg/tool executable again, and prints
// .cache/go<version>/bin/go, which runs and reports go.mod's version with
// .cache/go<version> as its GOROOT; a second run prints the same path at
// once without asking the proxy (GOPROXY=off); with a go of 1.21 or later
// first on PATH go.sh prints that go and fetches nothing.
//
// Not proven: the download from proxy.golang.org itself and its check
// against sum.golang.org (GOSUMDB=off here: the local zip has no entry
// there); that the real toolchain zip has the layout of the one made here
// (bin/, pkg/tool/<os_arch>/, VERSION, go.env — src/ and the rest of
// GOROOT are left out to keep the test fast, so building with the fetched
// go is not tried); go.sh's branch for a machine with no go at all, which
// installs golang-go with apt-get (needs root and the network).
func TestGoShOnBareDebian(t *testing.T) {
	if testing.Short() {
		t.Skip("copies a Go toolchain (about 90 MB)")
	}
	if _, err := os.Stat(debianGo); err != nil {
		t.Skipf("no Debian Go 1.19 at %s (package golang-1.19-go, packaging/dev-deps.sh)", debianGo)
	}
	repoRoot, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	want := goLine(t, filepath.Join(repoRoot, "go.mod"))
	goroot := hostGoroot(t, want)
	tmp := t.TempDir()

	// The repository as go.sh sees it: go.mod and the script.
	repo := filepath.Join(tmp, "repo")
	copyFile(t, filepath.Join(repoRoot, "go.mod"), filepath.Join(repo, "go.mod"), 0o644)
	copyFile(t, filepath.Join(repoRoot, "packaging", "go.sh"), filepath.Join(repo, "packaging", "go.sh"), 0o755)

	// The module proxy on disk.
	mod := "v0.0.1-go" + want + "." + runtime.GOOS + "-" + runtime.GOARCH
	proxy := filepath.Join(tmp, "proxy")
	at := filepath.Join(proxy, "golang.org", "toolchain", "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(at, "list"), mod+"\n")
	writeFile(t, filepath.Join(at, mod+".info"), `{"Version":"`+mod+`","Time":"2026-01-01T00:00:00Z"}`+"\n")
	writeFile(t, filepath.Join(at, mod+".mod"), "module golang.org/toolchain\n")
	toolchainZip(t, goroot, "golang.org/toolchain@"+mod, filepath.Join(at, mod+".zip"))

	// Debian's go1.19 first on PATH, as golang-go's /usr/bin/go would be.
	bin := filepath.Join(tmp, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(debianGo, filepath.Join(bin, "go")); err != nil {
		t.Fatal(err)
	}
	home := filepath.Join(tmp, "home")
	env := []string{
		"PATH=" + bin + ":/usr/bin:/bin",
		"HOME=" + home,
		"GOPROXY=file://" + proxy,
		"GOSUMDB=off",
		"GOFLAGS=-buildvcs=false -tags=no_emoji -trimpath", // as the Makefile exports them
		"LANG=C.UTF-8",
	}
	run := func(env []string) (stdout, stderr string) {
		t.Helper()
		cmd := exec.Command("sh", "packaging/go.sh")
		cmd.Dir, cmd.Env = repo, env
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		if err := cmd.Run(); err != nil {
			t.Fatalf("go.sh: %v\nstdout: %s\nstderr: %s", err, o.String(), e.String())
		}
		return strings.TrimSpace(o.String()), e.String()
	}

	got, stderr := run(env)
	t.Logf("go.sh said:\n%s", stderr)
	wantPath := filepath.Join(repo, ".cache", "go"+want, "bin", "go")
	if got != wantPath {
		t.Fatalf("go.sh printed %q, want %q\nstderr: %s", got, wantPath, stderr)
	}
	if !strings.Contains(stderr, "go1.19") || !strings.Contains(stderr, "golang.org/toolchain@"+mod) {
		t.Errorf("go.sh did not say it fetches the toolchain with go1.19:\n%s", stderr)
	}
	checkGo(t, got, want, filepath.Join(repo, ".cache", "go"+want), home)

	// Again: the fetched go at once, the proxy not asked.
	offline := append(append([]string{}, env...), "GOPROXY=off")
	if again, stderr := run(offline); again != wantPath || stderr != "" {
		t.Errorf("second run printed %q (stderr %q), want %q and nothing else", again, stderr, wantPath)
	}

	// A go of 1.21 or later on PATH is used as it is.
	if err := os.RemoveAll(filepath.Join(repo, ".cache")); err != nil {
		t.Fatal(err)
	}
	newBin := filepath.Join(tmp, "newbin")
	if err := os.MkdirAll(newBin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(goroot, "bin", "go"), filepath.Join(newBin, "go")); err != nil {
		t.Fatal(err)
	}
	modern := append(append([]string{}, offline...), "PATH="+newBin+":/usr/bin:/bin")
	if got, _ := run(modern); got != filepath.Join(newBin, "go") {
		t.Errorf("with a new go on PATH go.sh printed %q", got)
	}
	if _, err := os.Stat(filepath.Join(repo, ".cache")); err == nil {
		t.Error("with a new go on PATH go.sh fetched a toolchain")
	}
}

// goLine is go.mod's go version ("1.26.8").
func goLine(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if f := strings.Fields(l); len(f) == 2 && f[0] == "go" {
			return f[1]
		}
	}
	t.Fatal("go.mod has no go line")
	return ""
}

// hostGoroot is the GOROOT of this machine's go of version want, the one
// the toolchain zip is made from.
func hostGoroot(t *testing.T, want string) string {
	t.Helper()
	var candidates []string
	if g := os.Getenv("GOROOT"); g != "" {
		candidates = append(candidates, g)
	}
	if p, err := exec.LookPath("go"); err == nil {
		if out, err := exec.Command(p, "env", "GOROOT").Output(); err == nil {
			candidates = append(candidates, strings.TrimSpace(string(out)))
		}
	}
	candidates = append(candidates, "/usr/local/go")
	for _, g := range candidates {
		out, err := exec.Command(filepath.Join(g, "bin", "go"), "env", "GOVERSION").Output()
		if err == nil && strings.TrimSpace(string(out)) == "go"+want {
			return g
		}
	}
	t.Skipf("no go%s on this machine to make the toolchain module from (tried %v)", want, candidates)
	return ""
}

// toolchainZip writes a golang.org/toolchain module zip of goroot's bin/,
// pkg/tool/, VERSION and go.env, each under prefix, stored uncompressed
// and without executable bits (as a module zip keeps none).
func toolchainZip(t *testing.T, goroot, prefix, out string) {
	t.Helper()
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	add := func(rel string) error {
		src, err := os.Open(filepath.Join(goroot, rel))
		if err != nil {
			return err
		}
		defer src.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: prefix + "/" + filepath.ToSlash(rel), Method: zip.Store})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, src)
		return err
	}
	for _, rel := range []string{"VERSION", "go.env"} {
		if err := add(rel); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"bin", filepath.Join("pkg", "tool", runtime.GOOS+"_"+runtime.GOARCH)} {
		err := filepath.WalkDir(filepath.Join(goroot, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(goroot, p)
			return add(rel)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
}

// checkGo runs the fetched go: its version and its GOROOT.
func checkGo(t *testing.T, gobin, want, goroot, home string) {
	t.Helper()
	cmd := exec.Command(gobin, "env", "GOVERSION", "GOROOT")
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "GOTOOLCHAIN=local", "GOFLAGS="}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the fetched go: %v\n%s", err, out)
	}
	if got := strings.Fields(string(out)); len(got) != 2 || got[0] != "go"+want || got[1] != goroot {
		t.Errorf("the fetched go reports %q, want go%s in %s", out, want, goroot)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, mode); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(fmt.Errorf("write %s: %w", path, err))
	}
}
