package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"hallkiosk/app/pinyin"
)

func needPinyinDict(t *testing.T) {
	t.Helper()
	if _, err := pinyin.Load(pinyin.DefaultPath); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s is absent (packaging/dev-deps.sh installs %s)", pinyin.DefaultPath, pinyin.DebianPackage)
	}
}

func TestPinyinCommand(t *testing.T) {
	needPinyinDict(t)
	tests := []struct {
		name  string
		args  []string
		code  int
		first []string // the first candidate of each input, JSON output
	}{
		{name: "name field", args: []string{"pinyin", "--field", "name", "--json", "zhouqiang", "ouyangxiu"}, first: []string{"周强", "欧阳秀"}},
		{name: "address field", args: []string{"pinyin", "--json", "--field=address", "haidianqu"}, first: []string{"海淀区"}},
		{name: "catalog initials", args: []string{"pinyin", "--json", "zfgjjtq"}, first: []string{"住房公积金提取"}},
		{name: "flags after the input", args: []string{"pinyin", "jiefangdajie", "--json"}, first: []string{"解放大街"}},
		{name: "no input", args: []string{"pinyin", "--field", "name"}, code: exitUsage},
		{name: "unknown field", args: []string{"pinyin", "--field", "phone", "a"}, code: exitUsage},
		{name: "missing dictionary", args: []string{"pinyin", "--dict", "/nonexistent/pinyin_simp.dict.yaml", "a"}, code: exitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errOut)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errOut.String())
			}
			if tt.code != exitOK {
				if errOut.Len() == 0 {
					t.Error("no word on stderr")
				}
				return
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != len(tt.first) {
				t.Fatalf("%d lines, want %d: %s", len(lines), len(tt.first), out.String())
			}
			for i, l := range lines {
				var got []string
				if err := json.Unmarshal([]byte(l), &got); err != nil {
					t.Fatalf("line %q: %v", l, err)
				}
				if len(got) == 0 || len(got) > 10 || got[0] != tt.first[i] {
					t.Errorf("line %d = %v, want %s first, at most 10", i, got, tt.first[i])
				}
			}
		})
	}
}

func TestPinyinCommandText(t *testing.T) {
	needPinyinDict(t)
	var out, errOut bytes.Buffer
	if code := run(context.Background(), []string{"pinyin", "--data", filepath.Join(t.TempDir(), "none"), "sfz"}, &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	got := strings.TrimSpace(out.String())
	if !strings.HasPrefix(got, "sfz: 身份证 ") || !slices.Contains(strings.Fields(got), "身份证") {
		t.Errorf("output %q, want sfz: 身份证 …", got)
	}
}
