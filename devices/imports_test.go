package devices_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"sort"
	"strings"
	"testing"
)

// forbidden are the layers above devices (DESIGN.md, "Layout"): a device
// package, its tests and anything they pull in must not reach them. Masking
// and logging helpers live in hallkiosk/internal, which every layer may import.
var forbidden = []string{"hallkiosk/app", "hallkiosk/screens", "hallkiosk/speech"}

func isForbidden(path string) bool {
	path, _, _ = strings.Cut(path, " ") // "p [q.test]" is p built for q's tests
	for _, p := range forbidden {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// TestNoImportsFromUpperLayers lists every package under devices with its
// tests and all their dependencies (go list -deps -test) and fails for each
// import that reaches app, screens or speech, naming the importer.
func TestNoImportsFromUpperLayers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("go tool not found: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-e", "-deps", "-test", "-json=ImportPath,Imports,Error", "./...")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.Bytes())
	}
	type pkg struct {
		ImportPath string
		Imports    []string
		Error      *struct{ Err string }
	}
	var bad []string
	n := 0
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("decode go list output: %v", err)
		}
		n++
		if p.Error != nil {
			t.Errorf("go list %s: %s", p.ImportPath, p.Error.Err)
		}
		if isForbidden(p.ImportPath) {
			continue // reported at its importer
		}
		for _, imp := range p.Imports {
			if isForbidden(imp) {
				bad = append(bad, p.ImportPath+" imports "+imp)
			}
		}
	}
	if n == 0 {
		t.Fatal("go list returned no packages")
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s: devices must not depend on app, screens or speech", b)
	}
}
