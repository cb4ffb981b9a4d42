package ask

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/internal/logging"
)

// DefaultRefresh is how often the Keeper asks the portal for a newer FAQ.
const DefaultRefresh = 30 * time.Minute

// FirstBuildDelay is how long a kiosk waits after its start before it
// loads the readings and builds the first index: its first frame comes
// first (bench-start measures it at well under this).
const FirstBuildDelay = 2 * time.Second

// Keeper keeps the Desk's knowledge: the FAQ as last received (a cache
// file, so the kiosk answers offline from its first start on), refreshed
// from the portal with its ETag, and the catalog the screens show, indexed
// together on the Keeper's goroutine, never on the first frame's path.
type Keeper struct {
	Desk *Desk
	// Portal is the FAQ endpoint; nil answers from the cache alone.
	Portal Source
	// CachePath is the FAQ cache file.
	CachePath string
	// ReadingsPath is the pinyin dictionary ("" the default).
	ReadingsPath string
	// Catalog is the catalog at start.
	Catalog *catalog.Catalog
	// Every is the refresh interval (DefaultRefresh when 0); Timeout
	// bounds one refresh (15 s when 0).
	Every, Timeout time.Duration
	// Delay holds the first build back, so it does not compete with the
	// kiosk's first frame for the CPU (the kiosk uses FirstBuildDelay).
	Delay time.Duration
	Log   *slog.Logger

	once     sync.Once
	catalogs chan *catalog.Catalog
	built    chan struct{}
}

// SetCatalog hands the keeper a newer catalog: the knowledge is built again
// with it (and reaches the citizen between two of them, like the catalog).
// Safe from any goroutine; only the latest waiting catalog is kept.
func (k *Keeper) SetCatalog(c *catalog.Catalog) {
	k.init()
	for {
		select {
		case k.catalogs <- c:
			return
		default:
		}
		select {
		case <-k.catalogs: // drop the older one waiting
		default:
		}
	}
}

func (k *Keeper) init() {
	k.once.Do(func() {
		k.catalogs = make(chan *catalog.Catalog, 1)
		k.built = make(chan struct{}, 16)
	})
}

// Built receives a value after every index handed to the desk (tests).
func (k *Keeper) Built() <-chan struct{} {
	k.init()
	return k.built
}

// Run builds the first index from the cached FAQ (none: the catalog
// alone), then asks the portal now and every Every for a newer FAQ, and
// builds again on a newer FAQ or catalog, until ctx ends. It runs on one
// goroutine of the kiosk's.
func (k *Keeper) Run(ctx context.Context) {
	k.init()
	log := k.Log
	if log == nil {
		log = logging.Discard()
	}
	every, timeout := k.Every, k.Timeout
	if every <= 0 {
		every = DefaultRefresh
	}
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	if k.Delay > 0 {
		select {
		case <-ctx.Done():
			return
		case <-time.After(k.Delay):
		}
	}
	readings, err := Readings(k.ReadingsPath)
	if err != nil {
		log.Warn("no pinyin readings: questions are matched by their characters alone", "err", err)
	}
	faq, etag, cached := LoadCache(k.CachePath)
	if !cached {
		faq = portal.FAQ{}
	}
	cat := k.Catalog
	build := func() {
		start := time.Now()
		ix := Build(faq, cat, readings)
		k.Desk.Offer(ix)
		log.Info("knowledge indexed", "faq_version", faq.Version, "entries", ix.Len(), "ms", time.Since(start).Milliseconds())
		select {
		case k.built <- struct{}{}:
		default:
		}
	}
	build()
	tick := time.NewTimer(0)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case c := <-k.catalogs:
			cat = c
			build()
		case <-tick.C:
			if k.Portal != nil {
				c, cancel := context.WithTimeout(ctx, timeout)
				f, newETag, changed, err := Refresh(c, k.Portal, k.CachePath, etag)
				cancel()
				switch {
				case err != nil && !changed:
					if ctx.Err() == nil {
						log.Warn("faq not refreshed", "err", err)
					}
				default:
					if err != nil {
						log.Warn("faq not cached", "err", err)
					}
					if changed {
						faq, etag = f, newETag
						build()
					}
				}
			}
			tick.Reset(every)
		}
	}
}
