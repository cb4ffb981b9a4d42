package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultTextParsesToDefaults(t *testing.T) {
	c := Default()
	if c.Session.IdleTimeout.D() != 90*time.Second || c.Session.ElderIdleTimeout.D() != 180*time.Second {
		t.Fatalf("idle timeouts = %v/%v", c.Session.IdleTimeout.D(), c.Session.ElderIdleTimeout.D())
	}
	if c.Session.Warning.D() < 20*time.Second {
		t.Fatalf("warning %v shorter than WCAG's 20 s", c.Session.Warning.D())
	}
	if c.Speech.Voice != "cmn-latn-pinyin" {
		t.Fatalf("voice = %q", c.Speech.Voice)
	}
	if c.Speech.CacheMaxMB != 256 || c.Speech.CacheMaxAge.D() != 30*24*time.Hour {
		t.Fatalf("prompt cache bounds = %d MB, %v", c.Speech.CacheMaxMB, c.Speech.CacheMaxAge.D())
	}
	// Every key of the default text carries a comment right above it.
	lines := strings.Split(string(DefaultText()), "\n")
	for i, l := range lines {
		if strings.Contains(l, "=") && !strings.HasPrefix(l, "#") {
			if i == 0 || !strings.HasPrefix(lines[i-1], "#") {
				t.Errorf("line %d %q has no comment", i+1, l)
			}
		}
	}
}

func TestGoodFileOverridesSomeKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kiosk.toml")
	data := "[kiosk]\nhall_name = \"测试大厅\"\n\n[session]\nidle_timeout = \"60s\"\n\n[receipt]\nwidth = 58\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kiosk.HallName != "测试大厅" || c.Session.IdleTimeout.D() != time.Minute || c.Receipt.Width != 58 {
		t.Fatalf("got %+v", c)
	}
	if c.Session.ElderIdleTimeout.D() != 180*time.Second {
		t.Fatal("keys not in the file must keep their defaults")
	}
}

func TestBadFilesNameFileLineAndKey(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"unknown key", "[session]\nidle_timeout = \"60s\"\nidle_timout = \"60s\"\n", "kiosk.toml:3: session.idle_timout: unknown key"},
		{"unknown section", "[kiosk]\nhall_name = \"x\"\n\n[printer]\nwidth = 80\n", "kiosk.toml:4: printer: unknown key"},
		{"bad duration", "[session]\n\nidle_timeout = \"ninety\"\n", "kiosk.toml:3: session.idle_timeout:"},
		{"wrong type", "[receipt]\nwidth = \"80\"\n", "kiosk.toml:2: receipt.width:"},
		{"out of range", "[session]\nwarning = \"5s\"\n", "kiosk.toml:2: session.warning: 5s is out of range"},
		{"bad width", "[receipt]\n# paper\nwidth = 76\n", "kiosk.toml:3: receipt.width: 76 mm is not a receipt width"},
		{"bad theme", "[kiosk]\ntheme = \"dark\"\n", "kiosk.toml:2: kiosk.theme: \"dark\" is not one of"},
		{"ttc font", "[kiosk]\nfont = \"/usr/share/fonts/noto.ttc\"\n", "kiosk.toml:2: kiosk.font: font collections"},
		{"http portal", "[portal]\nurl = \"http://portal.example.com\"\n", "kiosk.toml:2: portal.url: plain http"},
		{"unbounded cache", "[speech]\ncache_max_mb = 0\n", "kiosk.toml:2: speech.cache_max_mb: 0 is out of range"},
		{"cache age", "[speech]\nvolume = 5\ncache_max_age = \"0s\"\n", "kiosk.toml:3: speech.cache_max_age: 0s is out of range"},
		{"material over the contract", "[limits]\nmaterial_mb = 50\n", "kiosk.toml:2: limits.material_mb: 50 is out of range"},
		{"no limit", "[limits]\napplication_kb = 0\n", "kiosk.toml:2: limits.application_kb: 0 is out of range"},
		{"relative key", "[outbox]\nkey_file = \"outbox.key\"\n", "kiosk.toml:2: outbox.key_file: \"outbox.key\" must be an absolute path"},
		{"syntax", "[session\nidle_timeout = 1\n", "kiosk.toml:1"},
		{"old staff PIN", "[staff]\npin_sha256 = \"\"\n", "kiosk.toml:2: staff.pin_sha256: removed: staff now log in with their own id and PIN"},
		{"short audit keeping", "[staff]\naudit_keep = \"720h\"\n", "kiosk.toml:2: staff.audit_keep: 720h0m0s is out of range"},
		{"menu sequence", "[staff]\nmenu_sequence = \"*#A\"\n", "kiosk.toml:2: staff.menu_sequence:"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "kiosk.toml")
			if err := os.WriteFile(path, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path, true)
			if err == nil {
				t.Fatal("accepted")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestMissingDefaultFileFallsBackButExplicitFails(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "none.toml")
	if _, err := Load(missing, false); err != nil {
		t.Fatalf("implicit missing file: %v", err)
	}
	if _, err := Load(missing, true); err == nil {
		t.Fatal("explicit missing file accepted")
	}
}

func TestTokenFromEnvironment(t *testing.T) {
	t.Setenv("HALLKIOSK_PORTAL_TOKEN", "tok-123")
	c, err := Load(filepath.Join(t.TempDir(), "none.toml"), false)
	if err != nil {
		t.Fatal(err)
	}
	if c.Portal.Token != "tok-123" {
		t.Fatalf("token = %q", c.Portal.Token)
	}
}

func TestEndlessConfigFileIsRefused(t *testing.T) {
	if _, err := Load("/dev/zero", true); err == nil || !strings.Contains(err.Error(), "not a configuration file") {
		t.Fatalf("Load(/dev/zero) = %v", err)
	}
}

func TestCameraSizes(t *testing.T) {
	c := Default()
	if w, h, err := ParseSize(c.Camera.Size); err != nil || w != 640 || h != 480 {
		t.Errorf("default face size: %d %d %v", w, h, err)
	}
	for _, bad := range []string{"640", "x480", "0x0", "-1x5", "99999x1", "axb"} {
		if _, _, err := ParseSize(bad); err == nil {
			t.Errorf("ParseSize(%q) accepted", bad)
		}
	}
	if _, err := Parse("t.toml", []byte("[camera]\nsize = \"big\"\n")); err == nil {
		t.Error("a bad camera.size was accepted")
	}
}
