package statedir

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestEnsureCreatesPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	narrowed, err := Ensure(dir)
	if err != nil || narrowed {
		t.Fatalf("Ensure = %v, %v", narrowed, err)
	}
	st, _ := os.Stat(dir)
	if st.Mode().Perm() != 0o700 {
		t.Errorf("mode %s", st.Mode())
	}
}

func TestEnsureNarrowsAnExistingWideDirectory(t *testing.T) {
	for _, mode := range []fs.FileMode{0o777 | fs.ModeSticky, 0o755, 0o750 | fs.ModeSetgid, 0o701} {
		dir := filepath.Join(t.TempDir(), "state")
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		narrowed, err := Ensure(dir)
		if err != nil || !narrowed {
			t.Fatalf("mode %s: Ensure = %v, %v", mode, narrowed, err)
		}
		st, _ := os.Stat(dir)
		if st.Mode() != fs.ModeDir|0o700 {
			t.Errorf("mode %s became %s, want drwx------", mode, st.Mode())
		}
	}
}

func TestEnsureRefusesAFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, nil, 0o600)
	if _, err := Ensure(f); err == nil {
		t.Fatal("want an error for a file")
	}
}

func TestEnsureRefusesSomeoneElsesDirectory(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a directory to another user")
	}
	dir := filepath.Join(t.TempDir(), "theirs")
	os.Mkdir(dir, 0o777)
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Skip(err)
	}
	if _, err := Ensure(dir); !errors.Is(err, ErrNotPrivate) {
		t.Fatalf("Ensure = %v, want ErrNotPrivate", err)
	}
}
