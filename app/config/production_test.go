package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProductionNamesFileLineAndKey(t *testing.T) {
	good := "[kiosk]\ndevice_id = \"HALL-0101-03\"\nmobile_app_url = \"https://zwfw.hz.gov.cn/app\"\nprogress_url = \"https://zwfw.hz.gov.cn/p\"\n[portal]\nurl = \"https://zwfw.hz.gov.cn\"\ntoken = \"tok\"\n"
	cases := []struct {
		name, from, to, want string
	}{
		{"good", "", "", ""},
		{"demo id", `"HALL-0101-03"`, `"HALL-DEMO-01"`, "kiosk.toml:2: kiosk.device_id: is the demo's id"},
		{"example portal", `url = "https://zwfw.hz.gov.cn"`, `url = "https://zwfw.example.gov.cn"`, "kiosk.toml:6: portal.url: is the example address"},
		{"no token", `token = "tok"`, `token = ""`, "kiosk.toml:7: portal.token: is empty"},
		{"example app url", `"https://zwfw.hz.gov.cn/app"`, `"https://example.com/app"`, "kiosk.toml:3: kiosk.mobile_app_url:"},
	}
	t.Setenv(TokenEnv, "")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.toml")
			if err := os.WriteFile(path, []byte(strings.Replace(good, tc.from, tc.to, 1)), 0o640); err != nil {
				t.Fatal(err)
			}
			c, err := Load(path, true)
			if err != nil {
				t.Fatal(err)
			}
			err = c.Production()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	// The built-in defaults are the demo's: refused, and the message says
	// that the file was missing.
	c, err := Load(filepath.Join(t.TempDir(), "absent.toml"), false)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Production(); err == nil || !strings.Contains(err.Error(), "not found; built-in defaults") {
		t.Fatalf("defaults: %v", err)
	}
}

func TestLoadFindsPinsTokensAndDevicePaths(t *testing.T) {
	cases := []struct{ name, data, want string }{
		{"short pin", "[portal]\nspki_pins = [\"abc=\"]\n", "kiosk.toml:2: portal.spki_pins:"},
		{"pin not base64", "[portal]\n\nspki_pins = [\"sha256/!!!!\"]\n", "kiosk.toml:3: portal.spki_pins:"},
		{"token with space", "[portal]\ntoken = \"a b\"\n", "kiosk.toml:2: portal.token:"},
		{"metrics beyond loopback", "[metrics]\nlisten = \"0.0.0.0:9464\"\n", "kiosk.toml:2: metrics.listen:"},
		{"relative port", "[idcard]\nport = \"ttyUSB0\"\n", "kiosk.toml:2: idcard.port:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("kiosk.toml", []byte(tc.data))
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
	good := "[portal]\nspki_pins = [\"sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\", \"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"]\n"
	if _, err := Parse("kiosk.toml", []byte(good)); err != nil {
		t.Fatal(err)
	}
}

func TestWorldReadable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	os.WriteFile(path, []byte("[portal]\ntoken = \"t\"\n"), 0o644)
	c, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if w, err := c.WorldReadable(); err != nil || !w {
		t.Fatalf("0644: %v %v", w, err)
	}
	os.Chmod(path, 0o640)
	if w, _ := c.WorldReadable(); w {
		t.Fatal("0640 reported world-readable")
	}
}
