package kiosk

import (
	"sync"

	"hallkiosk/app/portal"
)

// versions follows the catalog and configuration versions the portal
// answers each heartbeat with.
type versions struct {
	mu              sync.Mutex
	catalog, config string
	catalogChanged  chan struct{} // one pending signal at most
}

// CatalogChanged signals (at most one pending) when the portal's
// heartbeat answers with a catalog version other than the one before: the
// catalog refresh then runs at once instead of at its next half hour.
func (k *Kiosk) CatalogChanged() <-chan struct{} { return k.versions.catalogChanged }

// onAck acts on the portal's answer to a heartbeat: a new catalog version
// wakes the catalog refresh; a new configuration version is logged for
// staff (the configuration is the terminal's own file, never replaced
// from afar).
func (k *Kiosk) onAck(ack portal.HeartbeatAck) {
	v := &k.versions
	v.mu.Lock()
	catalogNew := ack.CatalogVersion != "" && v.catalog != "" && ack.CatalogVersion != v.catalog
	configNew := ack.ConfigVersion != "" && v.config != "" && ack.ConfigVersion != v.config
	if ack.CatalogVersion != "" {
		v.catalog = ack.CatalogVersion
	}
	if ack.ConfigVersion != "" {
		v.config = ack.ConfigVersion
	}
	v.mu.Unlock()
	if catalogNew {
		k.Log.Info("the portal has a new catalog; refreshing it", "catalog_version", ack.CatalogVersion)
		select {
		case v.catalogChanged <- struct{}{}:
		default:
		}
	}
	if configNew {
		k.Log.Warn("the portal's configuration version changed; this terminal's /etc/hallkiosk/config.toml is its own: check it against the hall's, then systemctl restart hallkiosk",
			"config_version", ack.ConfigVersion)
	}
}
