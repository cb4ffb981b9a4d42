package kiosk

import (
	"context"
	"path/filepath"

	"hallkiosk/app/catalog"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// CatalogFile is the catalog as last received from the portal, in the
// state directory (catalog.LoadCache reads it at start).
const CatalogFile = "catalog.json"

// StartingCatalog is the catalog a kiosk starts with: the one cached in
// dataDir as last received from the portal (cached true, with its ETag);
// without one the demo's embedded catalog for the demo (whose portal
// serves the same), and for a hall's kiosk none at all — an empty catalog,
// so it shows 正在连接服务平台 until the portal's arrives, never services
// that are not this hall's.
func StartingCatalog(dataDir string, demo bool) (cat portal.Catalog, etag string, cached bool, err error) {
	if cat, etag, ok := catalog.LoadCache(filepath.Join(dataDir, CatalogFile)); ok {
		return cat, etag, true, nil
	}
	if !demo {
		return portal.Catalog{}, "", false, nil
	}
	cat, err = catalog.Demo()
	return cat, "", false, err
}

// WaitsForCatalog reports whether the kiosk started without a catalog (a
// first start with none cached, never the demo's): the screens then show
// 正在连接服务平台 until KeepCatalog brings one.
func (k *Kiosk) WaitsForCatalog() bool { return len(k.Catalog.All()) == 0 }

// CurrentCatalog is the newest catalog the kiosk has: the one it started
// with until KeepCatalog brings another. Safe from any goroutine.
func (k *Kiosk) CurrentCatalog() *catalog.Catalog {
	if c := k.current.Load(); c != nil {
		return c
	}
	return k.Catalog
}

// KeepCatalog keeps the catalog from the portal until ctx ends
// (catalog.Keeper): at start, every half hour, when the heartbeat hears of
// a new version, and, while the kiosk has none at all, again and again
// with a backoff. Every new catalog is cached, taken by the kiosk's own
// parts (the printed cards, 智能客服, the usage log), then handed to apply
// (the screens); wait hears each failed attempt while there is none.
func (k *Kiosk) KeepCatalog(ctx context.Context, apply func(*catalog.Catalog), wait func(catalog.Wait)) {
	kp := &catalog.Keeper{
		Source: k.Portal, Path: filepath.Join(k.DataDir, CatalogFile), Speller: pinyin.Speller{},
		Timeout: k.Config.Portal.Timeout.D(), Wake: k.CatalogChanged(),
		MinBackoff: k.opts.CatalogRetry, MaxBackoff: k.opts.CatalogRetryMax,
		Log: logging.Component(k.Log, "catalog"), OnWait: wait,
		OnCatalog: func(c *catalog.Catalog) {
			k.current.Store(c)
			if k.AskKeeper != nil {
				k.AskKeeper.SetCatalog(c) // 智能客服 answers from the same catalog
			}
			if apply != nil {
				apply(c)
			}
		},
	}
	kp.Run(ctx, !k.WaitsForCatalog())
}

// liveCatalog is the kiosk's newest catalog for the parts built once at
// start (the printing of 网办明白卡).
type liveCatalog struct{ k *Kiosk }

func (l liveCatalog) FormOf(it portal.ServiceItem) portal.Form {
	return l.k.CurrentCatalog().FormOf(it)
}

func (l liveCatalog) MaterialsOf(it portal.ServiceItem) []portal.Material {
	return l.k.CurrentCatalog().MaterialsOf(it)
}
