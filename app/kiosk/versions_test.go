package kiosk

import (
	"strings"
	"testing"

	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// TestHeartbeatAckWakesTheCatalogRefresh: a catalog version other than
// the last one the portal answered wakes the refresh (once); a new
// configuration version is a warning for staff.
func TestHeartbeatAckWakesTheCatalogRefresh(t *testing.T) {
	logs := &syncBuf{}
	k := &Kiosk{Log: logging.New(logs, "info", "HALL-1")}
	k.versions.catalogChanged = make(chan struct{}, 1)
	pending := func() bool {
		select {
		case <-k.CatalogChanged():
			return true
		default:
			return false
		}
	}
	k.onAck(portal.HeartbeatAck{CatalogVersion: "c1", ConfigVersion: "k1"})
	k.onAck(portal.HeartbeatAck{CatalogVersion: "c1", ConfigVersion: "k1"})
	if pending() {
		t.Fatal("the same catalog version woke the refresh")
	}
	k.onAck(portal.HeartbeatAck{CatalogVersion: "c2", ConfigVersion: "k1"})
	k.onAck(portal.HeartbeatAck{CatalogVersion: "c3", ConfigVersion: "k2"})
	if !pending() || pending() {
		t.Fatal("a new catalog version must wake the refresh, one signal pending at most")
	}
	if !strings.Contains(string(logs.Bytes()), `"config_version":"k2"`) {
		t.Fatalf("no warning of the new configuration version:\n%s", logs.Bytes())
	}
}
