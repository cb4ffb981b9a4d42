// Package logging builds the kiosk's one logger: log/slog, JSON lines to
// stderr, with the same field set on every line (time, level, msg, app,
// device_id, component). Values that could carry personal data are passed
// wrapped in privacy.ID, privacy.Name or privacy.Phone, which log masked.
package logging

import (
	"io"
	"log/slog"
	"strings"
)

// New returns a JSON logger writing to w at level ("debug", "info", "warn",
// "error"; anything else is info).
func New(w io.Writer, level, deviceID string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})
	return slog.New(h).With("app", "hallkiosk", "device_id", deviceID)
}

// Component returns log with the component field set, e.g. "idcard".
func Component(log *slog.Logger, name string) *slog.Logger {
	return log.With("component", name)
}

// Discard returns a logger that drops everything, for tests.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
