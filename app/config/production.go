package config

import (
	"encoding/base64"
	"net/url"
	"os"
	"strings"
)

// DemoDeviceID is the device id of the default configuration and the demo.
// A kiosk in a hall must have its own: the portal tells terminals apart by it.
const DemoDeviceID = "HALL-DEMO-01"

// TokenEnv is the environment variable that overrides portal.token.
const TokenEnv = "HALLKIOSK_PORTAL_TOKEN"

// Production reports, as an *Error naming the file, line and key, the
// first setting that is fine for the demo but wrong for a kiosk in a hall:
// the demo's device id, the example portal, a missing token. Each message
// says what to do. `hallkiosk run` refuses to start on it (exit 78).
func (c Config) Production() error {
	bad := func(key, msg string) error { return c.place(&Error{File: c.file(), Key: key, Msg: msg}) }
	if c.Kiosk.DeviceID == DemoDeviceID {
		return bad("kiosk.device_id", "is the demo's id "+DemoDeviceID+"; set the id the portal issued for this terminal")
	}
	if u, err := url.Parse(c.Portal.URL); err == nil && isExampleHost(u.Hostname()) {
		return bad("portal.url", "is the example address "+c.Portal.URL+"; set the address of the hall's service portal")
	}
	if c.Portal.Token == "" {
		return bad("portal.token", "is empty; set the device token the portal issued (or "+TokenEnv+" in the unit's environment)")
	}
	for _, key := range []struct{ k, v string }{{"kiosk.mobile_app_url", c.Kiosk.MobileAppURL}, {"kiosk.progress_url", c.Kiosk.ProgressURL}} {
		if u, err := url.Parse(key.v); err == nil && isExampleHost(u.Hostname()) {
			return bad(key.k, "is the example address "+key.v+"; set the hall's own (citizens scan it from receipts)")
		}
	}
	return nil
}

// File is the configuration file's name, "" for the built-in defaults.
func (c Config) File() string {
	if c.src == nil {
		return ""
	}
	return c.src.name
}

func (c Config) file() string {
	if f := c.File(); f != "" {
		return f
	}
	return "built-in defaults"
}

// WorldReadable reports whether the configuration file can be read by
// every user of the machine (a problem when it holds the portal token).
func (c Config) WorldReadable() (bool, error) {
	if c.src == nil || c.src.data == nil || c.src.name == "default.toml" {
		return false, nil
	}
	fi, err := os.Stat(c.src.name)
	if err != nil {
		return false, err
	}
	return fi.Mode().Perm()&0o004 != 0, nil
}

// isExampleHost reports hosts under the names RFC 2606 reserves for
// examples (example.com, zwfw.example.gov.cn, x.example).
func isExampleHost(host string) bool {
	for _, label := range strings.Split(strings.ToLower(host), ".") {
		if label == "example" {
			return true
		}
	}
	return false
}

// validPin reports whether p is the base64 of a SHA-256 hash, with an
// optional "sha256/" prefix (the form app/portal accepts).
func validPin(p string) bool {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(p, "sha256/"))
	return err == nil && len(b) == 32
}
