package debtest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildDeb returns the package under test: HALLKIOSK_DEB, or a fresh
// `make deb` at the repository root.
func buildDeb(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the .deb")
	}
	for _, tool := range []string{"dpkg", "dpkg-deb", "make"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s here (not a Debian system)", tool)
		}
	}
	if p := os.Getenv("HALLKIOSK_DEB"); p != "" {
		return p
	}
	cmd := exec.Command("make", "-s", "deb")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make deb: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	deb := filepath.Join("../..", lines[len(lines)-1])
	if !strings.HasSuffix(deb, ".deb") {
		t.Fatalf("make deb did not print the package's name:\n%s", out)
	}
	return deb
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

var deb string

func TestDeb(t *testing.T) {
	deb = buildDeb(t)
	t.Run("control", testControl)
	t.Run("files", testFiles)
	t.Run("install", testInstall)
	t.Run("lintian", testLintian)
}

func testControl(t *testing.T) {
	field := func(name string) string { return strings.TrimSpace(run(t, "dpkg-deb", "-f", deb, name)) }
	if got := field("Package"); got != "hallkiosk" {
		t.Errorf("Package = %q", got)
	}
	if v := field("Version"); !strings.HasSuffix(v, "-1") || v[0] < '0' || v[0] > '9' {
		t.Errorf("Version = %q", v)
	}
	if a := field("Architecture"); a == "" || a == "all" {
		t.Errorf("Architecture = %q", a)
	}
	depends := map[string]bool{}
	for _, d := range strings.Split(field("Depends"), ",") {
		depends[strings.Fields(d)[0]] = true
	}
	// What the binary loads (ldd), runs (cage, Xwayland, espeak-ng, lp) and
	// reads (the font, the pinyin dictionary) in a hall.
	for _, want := range []string{"libc6", "libgl1", "libasound2", "libx11-6", "cage", "xwayland", "espeak-ng",
		"fonts-droid-fallback", "rime-data-pinyin-simp", "cups-client", "systemd"} {
		if !depends[want] {
			t.Errorf("Depends lacks %s: %v", want, field("Depends"))
		}
	}
	if pd := field("Pre-Depends"); !strings.Contains(pd, "systemd") {
		t.Errorf("Pre-Depends = %q: preinst runs systemd-sysusers", pd)
	}

	dir := t.TempDir()
	run(t, "dpkg-deb", "-e", deb, dir)
	conffiles, err := os.ReadFile(filepath.Join(dir, "conffiles"))
	if err != nil || string(conffiles) != "/etc/hallkiosk/config.toml\n" {
		t.Errorf("conffiles = %q, %v", conffiles, err)
	}
	for _, s := range []string{"preinst", "postinst", "prerm", "postrm"} {
		fi, err := os.Stat(filepath.Join(dir, s))
		if err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("%s: %v %v", s, fi, err)
		}
	}
}

func testFiles(t *testing.T) {
	type entry struct{ mode, owner string }
	got := map[string]entry{}
	sc := bufio.NewScanner(strings.NewReader(run(t, "dpkg-deb", "-c", deb)))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			continue
		}
		got[strings.TrimPrefix(f[5], ".")] = entry{f[0], f[1]}
	}
	want := map[string]entry{
		"/usr/bin/hallkiosk":                           {"-rwxr-xr-x", "root/root"},
		"/etc/hallkiosk/config.toml":                   {"-rw-r-----", "root/kiosk"},
		"/usr/lib/systemd/system/hallkiosk.service":    {"-rw-r--r--", "root/root"},
		"/usr/lib/udev/rules.d/99-hallkiosk.rules":     {"-rw-r--r--", "root/root"},
		"/usr/lib/sysusers.d/hallkiosk.conf":           {"-rw-r--r--", "root/root"},
		"/usr/lib/tmpfiles.d/hallkiosk.conf":           {"-rw-r--r--", "root/root"},
		"/usr/share/doc/hallkiosk/copyright":           {"-rw-r--r--", "root/root"},
		"/usr/share/doc/hallkiosk/changelog.Debian.gz": {"-rw-r--r--", "root/root"},
		"/usr/share/doc/hallkiosk/PROCESS.md":          {"-rw-r--r--", "root/root"},
		"/usr/share/man/man1/hallkiosk.1.gz":           {"-rw-r--r--", "root/root"},
		"/usr/share/lintian/overrides/hallkiosk":       {"-rw-r--r--", "root/root"},
	}
	for path, w := range want {
		if g, ok := got[path]; !ok {
			t.Errorf("%s missing", path)
		} else if g != w {
			t.Errorf("%s: %s %s, want %s %s", path, g.mode, g.owner, w.mode, w.owner)
		}
	}
	for path, g := range got {
		if _, ok := want[path]; !ok && !strings.HasPrefix(g.mode, "d") {
			t.Errorf("unexpected file %s", path)
		}
	}
}

// testInstall installs the package into an empty root with the groups of a
// Debian system, runs its maintainer scripts there (DPKG_ROOT), checks
// what they made, verifies the installed unit and purges it again.
func testInstall(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("dpkg --root installs files owned by root and kiosk: needs root")
	}
	for _, tool := range []string{"systemd-sysusers", "systemd-tmpfiles", "systemctl", "systemd-analyze"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s (Debian package systemd, packaging/dev-deps.sh)", tool)
		}
	}
	root := t.TempDir()
	for _, d := range []string{"var/lib/dpkg/info", "var/lib/dpkg/updates", "etc"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	files := map[string]string{
		"var/lib/dpkg/status": "", "var/lib/dpkg/available": "",
		"etc/passwd": "root:x:0:0:root:/root:/bin/bash\n",
		"etc/group":  "root:x:0:\nlp:x:7:\ndialout:x:20:\naudio:x:29:\nvideo:x:44:\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The dependencies are not in the empty root: only this package's
	// own files and scripts are under test.
	out := run(t, "dpkg", "--root="+root, "--force-script-chrootless", "--force-depends", "-i", deb)
	t.Logf("dpkg -i:\n%s", out)
	if st := run(t, "dpkg", "--root="+root, "-s", "hallkiosk"); !strings.Contains(st, "Status: install ok installed") {
		t.Fatalf("not installed:\n%s", st)
	}
	passwd, _ := os.ReadFile(filepath.Join(root, "etc/passwd"))
	group, _ := os.ReadFile(filepath.Join(root, "etc/group"))
	kioskUID, kioskGID := "", ""
	for _, l := range strings.Split(string(passwd), "\n") {
		if f := strings.Split(l, ":"); len(f) >= 7 && f[0] == "kiosk" {
			kioskUID, kioskGID = f[2], f[3]
			if f[5] != "/var/lib/hallkiosk" || f[6] != "/usr/sbin/nologin" {
				t.Errorf("kiosk user: %s", l)
			}
		}
	}
	if kioskUID == "" {
		t.Fatalf("no kiosk user:\n%s", passwd)
	}
	for _, g := range []string{"dialout", "lp", "video", "audio"} {
		found := false
		for _, l := range strings.Split(string(group), "\n") {
			if f := strings.Split(l, ":"); len(f) == 4 && f[0] == g && strings.Contains(","+f[3]+",", ",kiosk,") {
				found = true
			}
		}
		if !found {
			t.Errorf("kiosk is not in %s:\n%s", g, group)
		}
	}
	stat := func(p string) (mode, owner string) {
		out := run(t, "stat", "-c", "%a %u:%g", filepath.Join(root, p))
		f := strings.Fields(out)
		return f[0], f[1]
	}
	if m, o := stat("etc/hallkiosk/config.toml"); m != "640" || o != "0:"+kioskGID {
		t.Errorf("config.toml: %s %s, want 640 0:%s", m, o, kioskGID)
	}
	for _, d := range []string{"var/lib/hallkiosk", "var/lib/hallkiosk-keys"} {
		if m, o := stat(d); m != "700" || o != kioskUID+":"+kioskGID {
			t.Errorf("%s: %s %s", d, m, o)
		}
	}
	link := filepath.Join(root, "etc/systemd/system/graphical.target.wants/hallkiosk.service")
	if target, err := os.Readlink(link); err != nil || target != "/usr/lib/systemd/system/hallkiosk.service" {
		t.Errorf("the unit is not enabled: %q %v", target, err)
	}

	// systemd-analyze verify of the installed unit, against this machine's
	// own systemd units (graphical.target …) copied into the root.
	run(t, "cp", "-an", "/usr/lib/systemd/system/.", filepath.Join(root, "usr/lib/systemd/system/"))
	cmd := exec.Command("systemd-analyze", "--root="+root, "verify", "hallkiosk.service")
	vout, err := cmd.CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(vout))) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, vout)
	}

	run(t, "dpkg", "--root="+root, "--force-script-chrootless", "-P", "hallkiosk")
	for _, gone := range []string{link, filepath.Join(root, "etc/hallkiosk/config.toml"), filepath.Join(root, "usr/bin/hallkiosk")} {
		if _, err := os.Lstat(gone); err == nil {
			t.Errorf("%s left after purge", gone)
		}
	}
}

// testLintian runs lintian: no errors (the overrides in
// packaging/deb/lintian-overrides say why each is there); warnings are
// logged.
func testLintian(t *testing.T) {
	if _, err := exec.LookPath("lintian"); err != nil {
		t.Skip("no lintian (packaging/dev-deps.sh installs it)")
	}
	out, _ := exec.Command("lintian", "--tag-display-limit", "0", deb).CombinedOutput()
	var errs, warns []string
	for _, l := range strings.Split(string(out), "\n") {
		switch {
		case strings.HasPrefix(l, "E: "):
			errs = append(errs, l)
		case strings.HasPrefix(l, "W: "):
			warns = append(warns, l)
		}
	}
	t.Logf("lintian warnings (%d):\n%s", len(warns), strings.Join(warns, "\n"))
	if len(errs) > 0 {
		t.Errorf("lintian errors (%d):\n%s", len(errs), strings.Join(errs, "\n"))
	}
}
