// Package config reads the kiosk's one TOML configuration file.
//
// The documented default lives in default.toml (embedded); `hallkiosk config
// default` prints it, and Default parses it, so the text and the values never
// drift apart. Load rejects unknown keys and bad values with the file, line
// and key named, so a typo stops the kiosk at start instead of misbehaving in
// front of a citizen.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"hallkiosk/app/reach"
	"hallkiosk/internal/boundedio"
)

//go:embed default.toml
var defaultTOML []byte

// DefaultPath is where the kiosk looks when --config is not given.
const DefaultPath = "/etc/hallkiosk/config.toml"

// Config is the whole configuration.
type Config struct {
	Kiosk   Kiosk   `toml:"kiosk"`
	Session Session `toml:"session"`
	Portal  Portal  `toml:"portal"`
	IDCard  IDCard  `toml:"idcard"`
	Receipt Receipt `toml:"receipt"`
	A4      A4      `toml:"a4"`
	Camera  Camera  `toml:"camera"`
	Speech  Speech  `toml:"speech"`
	Staff   Staff   `toml:"staff"`
	Outbox  Outbox  `toml:"outbox"`
	Limits  Limits  `toml:"limits"`
	Hall    Hall    `toml:"hall"`
	Log     Log     `toml:"log"`
	Metrics Metrics `toml:"metrics"`

	// src is the file the configuration was read from, so that checks
	// made after loading (Production) still name its line.
	src *source
}

// source is a configuration file's name and text.
type source struct {
	name string
	data []byte
}

// Hall is the [hall] section: the terminal's role and the hall bus
// (docs/hall.md).
type Hall struct {
	// Role is "kiosk" or "window" (the 网办优先窗口 terminal).
	Role string `toml:"role"`
	// Bus is the hall bus, "nats://host:4222" or "tls://host:4222" (a
	// comma-separated list for a cluster). Empty on a kiosk: no bus; on
	// the window: its own embedded server.
	Bus string `toml:"bus"`
	// Creds is this terminal's credentials file (mode 0600); empty
	// connects without credentials.
	Creds string `toml:"creds"`
	// Listen is where the window's embedded server listens on the hall
	// LAN.
	Listen string `toml:"listen"`
	// Terminals is the embedded server's list of terminals and their keys;
	// empty asks no credentials.
	Terminals string `toml:"terminals"`
	// StatusInterval is how often a terminal tells the bus how it is.
	StatusInterval Duration `toml:"status_interval"`
	// TLSCA, TLSCert and TLSKey are PEM files: a client trusts TLSCA and
	// shows TLSCert; the window's embedded server serves TLSCert.
	TLSCA   string `toml:"tls_ca"`
	TLSCert string `toml:"tls_cert"`
	TLSKey  string `toml:"tls_key"`
	// LeafRemotes link the embedded server to a city's central cluster.
	LeafRemotes []string `toml:"leaf_remotes"`
}

// Outbox is the [outbox] section.
type Outbox struct {
	// KeyFile is the outbox's sealing key; empty means beside the state
	// directory (<state dir>-keys/outbox.db.key).
	KeyFile string `toml:"key_file"`
	// ParkedRetention is how long a parked submission's sealed data waits
	// for staff before it is discarded.
	ParkedRetention Duration `toml:"parked_retention"`
}

// Limits is the [limits] section: the size bound of every input the
// kiosk reads.
type Limits struct {
	ApplicationKB int `toml:"application_kb"`
	MaterialMB    int `toml:"material_mb"`
	Materials     int `toml:"materials"`
	SubmissionMB  int `toml:"submission_mb"`
	PortalJSONMB  int `toml:"portal_json_mb"`
	PortalPDFMB   int `toml:"portal_pdf_mb"`
}

// MaxConfigBytes bounds the configuration file.
const MaxConfigBytes = 1 << 20

// Kiosk is the [kiosk] section.
type Kiosk struct {
	DeviceID     string `toml:"device_id"`
	HallName     string `toml:"hall_name"`
	Orientation  string `toml:"orientation"`
	Theme        string `toml:"theme"`
	Font         string `toml:"font"`
	MobileAppURL string `toml:"mobile_app_url"`
	ProgressURL  string `toml:"progress_url"`
	Hotline      string `toml:"hotline"`
	// ScreenBottomMM is the mounting height of an upright screen: its
	// visible picture's lower edge above the floor, in millimetres. With
	// ScreenHeightMM it gives the reach zone (app/reach) where the
	// portrait layout puts every action.
	ScreenBottomMM int `toml:"screen_bottom_mm"`
	// ScreenHeightMM is the height of the upright screen's visible
	// picture, in millimetres.
	ScreenHeightMM int `toml:"screen_height_mm"`
}

// Mount is where the upright screen hangs, for the reach zone.
func (k Kiosk) Mount() reach.Mount {
	return reach.Mount{BottomMM: k.ScreenBottomMM, HeightMM: k.ScreenHeightMM}
}

// Session is the [session] section.
type Session struct {
	IdleTimeout      Duration `toml:"idle_timeout"`
	ElderIdleTimeout Duration `toml:"elder_idle_timeout"`
	Warning          Duration `toml:"warning"`
	Ending           Duration `toml:"ending"`
	AttractRotate    Duration `toml:"attract_rotate"`
}

// Portal is the [portal] section.
type Portal struct {
	URL       string   `toml:"url"`
	Token     string   `toml:"token"`
	SPKIPins  []string `toml:"spki_pins"`
	Timeout   Duration `toml:"timeout"`
	Heartbeat Duration `toml:"heartbeat"`
}

// IDCard is the [idcard] section.
type IDCard struct {
	Port         string   `toml:"port"`
	Baud         int      `toml:"baud"`
	PollInterval Duration `toml:"poll_interval"`
	RestInterval Duration `toml:"rest_interval"`
}

// Receipt is the [receipt] section.
type Receipt struct {
	Port  string `toml:"port"`
	Baud  int    `toml:"baud"`
	Width int    `toml:"width"`
}

// A4 is the [a4] section.
type A4 struct {
	Queue string `toml:"queue"`
}

// Camera is the [camera] section: the face camera and the document
// camera (高拍仪), each a device path or name (devices/camera.Resolve)
// and a preferred size "WxH".
type Camera struct {
	Device         string `toml:"device"`
	Size           string `toml:"size"`
	DocumentDevice string `toml:"document_device"`
	DocumentSize   string `toml:"document_size"`
}

// ParseSize reads a frame size "640x480"; "" is 0, 0.
func ParseSize(s string) (w, h int, err error) {
	if s == "" {
		return 0, 0, nil
	}
	if _, err := fmt.Sscanf(s, "%dx%d", &w, &h); err != nil || w <= 0 || h <= 0 || w > 10000 || h > 10000 {
		return 0, 0, fmt.Errorf("%q is not a size like 640x480", s)
	}
	return w, h, nil
}

// Speech is the [speech] section.
type Speech struct {
	Engine          string `toml:"engine"`
	Voice           string `toml:"voice"`
	Rate            string `toml:"rate"`
	Volume          int    `toml:"volume"`
	VoiceNavigation bool   `toml:"voice_navigation"`
	// CacheMaxMB bounds the prompt cache's size, in MB of 2^20 bytes.
	CacheMaxMB int `toml:"cache_max_mb"`
	// CacheMaxAge is how long a cached prompt may go unused.
	CacheMaxAge Duration `toml:"cache_max_age"`
}

// Staff is the [staff] section. The accounts themselves live in the state
// directory (staff.db, `hallkiosk staff add`), never in this file.
type Staff struct {
	// IdleLogout ends a staff login after this long without activity.
	IdleLogout Duration `toml:"idle_logout"`
	// MenuSequence is the keypad sequence that asks for a staff PIN on a
	// kiosk ("" leaves only the service keyboard's Ctrl+Alt+S).
	MenuSequence string `toml:"menu_sequence"`
	// AuditKeep is how long audit rows stay in the log before they are
	// rolled into an archive file (at least six months).
	AuditKeep Duration `toml:"audit_keep"`
}

// Metrics is the [metrics] section.
type Metrics struct {
	// Listen is the loopback address of the Prometheus endpoint
	// (/metrics); empty = none.
	Listen string `toml:"listen"`
}

// Log is the [log] section.
type Log struct {
	Level string `toml:"level"`
}

// Duration is a time.Duration written as a Go duration string ("90s").
type Duration time.Duration

// D returns the value as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// UnmarshalText parses "90s", "1m30s", "250ms".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("want a duration such as \"90s\": %w", err)
	}
	*d = Duration(v)
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// DefaultText returns the fully commented default configuration file.
func DefaultText() []byte { return bytes.Clone(defaultTOML) }

// Default returns the built-in configuration.
func Default() Config {
	c, err := Parse("default.toml", defaultTOML)
	if err != nil {
		panic("config: built-in default is invalid: " + err.Error())
	}
	return c
}

// Error is a configuration problem at a place in a file.
type Error struct {
	File string
	Line int
	Key  string
	Msg  string
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Key != "":
		return fmt.Sprintf("%s:%d: %s: %s", e.File, e.Line, e.Key, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	case e.Key != "":
		return fmt.Sprintf("%s: %s: %s", e.File, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Load reads the file at path. When path is the default path and the file
// does not exist, the built-in defaults are used. The portal token from the
// environment variable HALLKIOSK_PORTAL_TOKEN, when set, overrides the file.
func Load(path string, explicit bool) (Config, error) {
	if path == "" {
		path = DefaultPath
	}
	data, err := boundedio.ReadFile(path, MaxConfigBytes)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return Config{}, fmt.Errorf("config: read %s: larger than %d KB: not a configuration file", path, MaxConfigBytes>>10)
	}
	var c Config
	switch {
	case err == nil:
		c, err = Parse(path, data)
		if err != nil {
			return Config{}, err
		}
	case errors.Is(err, os.ErrNotExist) && !explicit:
		c = Default()
		c.src = &source{name: path + " (not found; built-in defaults)"}
	default:
		return Config{}, fmt.Errorf("config: read %s: %w", path, err)
	}
	if tok := os.Getenv(TokenEnv); tok != "" {
		c.Portal.Token = tok
		if err := validate(c); err != nil {
			var e *Error
			if errors.As(err, &e) {
				e.File = TokenEnv
			}
			return Config{}, err
		}
	}
	return c, nil
}

// Parse decodes data on top of the defaults and validates the result. name
// is used in error messages.
func Parse(name string, data []byte) (Config, error) {
	var c Config
	if !bytes.Equal(data, defaultTOML) {
		c = Default()
	}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return Config{}, decodeError(name, data, err)
	}
	c.src = &source{name: name, data: bytes.Clone(data)}
	if err := validate(c); err != nil {
		return Config{}, c.place(err)
	}
	return c, nil
}

// place fills in the file and line of a configuration *Error from the
// file the configuration was read from.
func (c Config) place(err error) error {
	var e *Error
	if errors.As(err, &e) && c.src != nil {
		e.File = c.src.name
		if e.Line == 0 {
			e.Line = keyLine(c.src.data, e.Key)
		}
	}
	return err
}

func decodeError(name string, data []byte, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		de := strict.Errors[0]
		row, _ := de.Position()
		key := strings.Join(de.Key(), ".")
		if key == "staff.pin_sha256" {
			return &Error{File: name, Line: row, Key: key, Msg: "removed: staff now log in with their own id and PIN " +
				"(hallkiosk staff add --id ID --role admin); delete this line"}
		}
		return &Error{File: name, Line: row, Key: key, Msg: "unknown key"}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		key := strings.Join(de.Key(), ".")
		return &Error{File: name, Line: row, Key: key, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return &Error{File: name, Msg: err.Error()}
}

func validate(c Config) error {
	bad := func(key, format string, args ...any) error {
		return &Error{Key: key, Msg: fmt.Sprintf(format, args...)}
	}
	oneOf := func(key, v string, allowed ...string) error {
		for _, a := range allowed {
			if v == a {
				return nil
			}
		}
		return bad(key, "%q is not one of %s", v, strings.Join(allowed, ", "))
	}
	checks := []error{
		oneOf("kiosk.orientation", c.Kiosk.Orientation, "auto", "landscape", "portrait"),
		oneOf("kiosk.theme", c.Kiosk.Theme, "standard", "elder", "high_contrast"),
		oneOf("speech.engine", c.Speech.Engine, "espeak-ng"),
		oneOf("speech.rate", c.Speech.Rate, "normal", "slow"),
		oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error"),
		oneOf("hall.role", c.Hall.Role, "kiosk", "window"),
	}
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	if strings.TrimSpace(c.Kiosk.DeviceID) == "" {
		return bad("kiosk.device_id", "must not be empty")
	}
	for _, kv := range [][2]string{{"camera.size", c.Camera.Size}, {"camera.document_size", c.Camera.DocumentSize}} {
		if _, _, err := ParseSize(kv[1]); err != nil {
			return bad(kv[0], "%v", err)
		}
	}
	if c.Kiosk.Font == "" {
		return bad("kiosk.font", "must name a .ttf file (Debian package fonts-droid-fallback)")
	}
	if strings.HasSuffix(strings.ToLower(c.Kiosk.Font), ".ttc") {
		return bad("kiosk.font", "font collections (.ttc) cannot be loaded; use a single-face .ttf such as DroidSansFallbackFull.ttf")
	}
	durations := []struct {
		key      string
		v        Duration
		min, max time.Duration
	}{
		{"session.idle_timeout", c.Session.IdleTimeout, 20 * time.Second, time.Hour},
		{"session.elder_idle_timeout", c.Session.ElderIdleTimeout, 20 * time.Second, time.Hour},
		{"session.warning", c.Session.Warning, 20 * time.Second, 10 * time.Minute},
		{"session.ending", c.Session.Ending, time.Second, 5 * time.Minute},
		{"session.attract_rotate", c.Session.AttractRotate, time.Second, 5 * time.Minute},
		{"portal.timeout", c.Portal.Timeout, time.Second, 10 * time.Minute},
		{"portal.heartbeat", c.Portal.Heartbeat, 5 * time.Second, 24 * time.Hour},
		{"idcard.poll_interval", c.IDCard.PollInterval, 20 * time.Millisecond, 10 * time.Second},
		{"idcard.rest_interval", c.IDCard.RestInterval, 20 * time.Millisecond, 10 * time.Second},
		{"speech.cache_max_age", c.Speech.CacheMaxAge, time.Hour, 366 * 24 * time.Hour},
		{"outbox.parked_retention", c.Outbox.ParkedRetention, time.Hour, 366 * 24 * time.Hour},
		{"hall.status_interval", c.Hall.StatusInterval, 500 * time.Millisecond, 5 * time.Minute},
		{"staff.idle_logout", c.Staff.IdleLogout, 30 * time.Second, 10 * time.Minute},
		{"staff.audit_keep", c.Staff.AuditKeep, 183 * 24 * time.Hour, 20 * 366 * 24 * time.Hour},
	}
	for _, d := range durations {
		if d.v.D() < d.min || d.v.D() > d.max {
			return bad(d.key, "%s is out of range [%s, %s]", d.v.D(), d.min, d.max)
		}
	}
	if c.Session.ElderIdleTimeout < c.Session.IdleTimeout {
		return bad("session.elder_idle_timeout", "must not be shorter than session.idle_timeout")
	}
	if err := validURL("portal.url", c.Portal.URL, true); err != nil {
		return err
	}
	for _, key := range []struct{ k, v string }{{"kiosk.mobile_app_url", c.Kiosk.MobileAppURL}, {"kiosk.progress_url", c.Kiosk.ProgressURL}} {
		if err := validURL(key.k, key.v, false); err != nil {
			return err
		}
	}
	for _, b := range []struct {
		key  string
		baud int
	}{{"idcard.baud", c.IDCard.Baud}, {"receipt.baud", c.Receipt.Baud}} {
		switch b.baud {
		case 9600, 19200, 38400, 57600, 115200, 230400:
		default:
			return bad(b.key, "%d is not a supported line speed (9600 … 230400)", b.baud)
		}
	}
	if c.Kiosk.ScreenBottomMM < 0 || c.Kiosk.ScreenBottomMM > 1000 {
		return bad("kiosk.screen_bottom_mm", "%d mm is out of range [0, 1000]: above 1000 mm too little of an upright screen is within a wheelchair user's reach (1200 mm)", c.Kiosk.ScreenBottomMM)
	}
	if c.Kiosk.ScreenHeightMM < 200 || c.Kiosk.ScreenHeightMM > 2000 {
		return bad("kiosk.screen_height_mm", "%d mm is out of range [200, 2000]", c.Kiosk.ScreenHeightMM)
	}
	if c.Receipt.Width != 58 && c.Receipt.Width != 80 {
		return bad("receipt.width", "%d mm is not a receipt width; use 58 or 80", c.Receipt.Width)
	}
	if c.Speech.Volume < 1 || c.Speech.Volume > 10 {
		return bad("speech.volume", "%d is out of range [1, 10]", c.Speech.Volume)
	}
	if c.Speech.CacheMaxMB < 16 || c.Speech.CacheMaxMB > 8192 {
		return bad("speech.cache_max_mb", "%d is out of range [16, 8192]", c.Speech.CacheMaxMB)
	}
	for _, l := range []struct {
		key      string
		v        int
		min, max int
	}{
		{"limits.application_kb", c.Limits.ApplicationKB, 16, 64 << 10},
		{"limits.material_mb", c.Limits.MaterialMB, 1, 20},
		{"limits.materials", c.Limits.Materials, 1, 100},
		{"limits.submission_mb", c.Limits.SubmissionMB, 1, 1024},
		{"limits.portal_json_mb", c.Limits.PortalJSONMB, 1, 256},
		{"limits.portal_pdf_mb", c.Limits.PortalPDFMB, 1, 1024},
	} {
		if l.v < l.min || l.v > l.max {
			return bad(l.key, "%d is out of range [%d, %d]", l.v, l.min, l.max)
		}
	}
	if l := c.Metrics.Listen; l != "" {
		host, port, err := net.SplitHostPort(l)
		if ip := net.ParseIP(host); err != nil || port == "" || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			return bad("metrics.listen", "%q must be a loopback host:port such as 127.0.0.1:9464 (the metrics are for this machine only)", l)
		}
	}
	for _, p := range c.Portal.SPKIPins {
		if !validPin(p) {
			return bad("portal.spki_pins", "%q is not a pin: want the base64 of a SHA-256 (44 characters, e.g. from `openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`)", p)
		}
	}
	if t := c.Portal.Token; len(t) > 4096 || strings.ContainsFunc(t, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return bad("portal.token", "must be one line of at most 4096 printable characters without spaces")
	}
	for _, d := range []struct{ key, v string }{{"idcard.port", c.IDCard.Port}, {"receipt.port", c.Receipt.Port}} {
		if d.v != "" && !strings.HasPrefix(d.v, "/") {
			return bad(d.key, "%q must be an absolute device path such as /dev/hallkiosk-idcard", d.v)
		}
	}
	if f := c.Outbox.KeyFile; f != "" && !strings.HasPrefix(f, "/") {
		return bad("outbox.key_file", "%q must be an absolute path", f)
	}
	if err := validBus(c.Hall); err != nil {
		return err
	}
	if seq := c.Staff.MenuSequence; seq != "" && (len(seq) < 4 || len(seq) > 12 || strings.Trim(seq, "0123456789*#") != "") {
		return bad("staff.menu_sequence", "%q: 4 to 12 keypad keys (0-9, * and #), or empty", seq)
	}
	return nil
}

// validBus checks the hall bus's addresses: nats:// or tls:// (nats-leaf://
// or tls:// for the leaf links), with a host.
func validBus(h Hall) error {
	for _, u := range strings.Split(h.Bus, ",") {
		if u = strings.TrimSpace(u); u == "" {
			continue
		}
		p, err := url.Parse(u)
		if err != nil || p.Host == "" || (p.Scheme != "nats" && p.Scheme != "tls") {
			return &Error{Key: "hall.bus", Msg: fmt.Sprintf("%q is not a nats:// or tls:// address", u)}
		}
	}
	for _, u := range h.LeafRemotes {
		p, err := url.Parse(u)
		if err != nil || p.Host == "" || (p.Scheme != "nats-leaf" && p.Scheme != "nats" && p.Scheme != "tls") {
			return &Error{Key: "hall.leaf_remotes", Msg: fmt.Sprintf("%q is not a nats-leaf:// or tls:// address", u)}
		}
	}
	if (h.TLSCert == "") != (h.TLSKey == "") {
		return &Error{Key: "hall.tls_cert", Msg: "tls_cert and tls_key go together"}
	}
	return nil
}

func validURL(key, v string, loopbackHTTPOnly bool) error {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return &Error{Key: key, Msg: fmt.Sprintf("%q is not an http(s) address", v)}
	}
	if loopbackHTTPOnly && u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return &Error{Key: key, Msg: "plain http is allowed only to loopback; use https"}
	}
	return nil
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}

// keyLine finds the line that sets a dotted key ("session.idle_timeout") in
// a file of [section] tables and key = value lines; 0 when not found.
func keyLine(data []byte, dotted string) int {
	section, key, ok := strings.Cut(dotted, ".")
	if !ok {
		return 0
	}
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			current = strings.TrimSpace(strings.Trim(line, "[]"))
			continue
		}
		k, _, found := strings.Cut(line, "=")
		if !found {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"`)
		if (current == section && k == key) || (current == "" && k == dotted) {
			return i + 1
		}
	}
	return 0
}
