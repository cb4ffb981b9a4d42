package catalog

import (
	"context"
	"encoding/json"
	"fmt"

	"hallkiosk/app/portal"
	"hallkiosk/internal/atomicfile"
	"hallkiosk/internal/boundedio"
)

// cacheFile is the catalog as last received, with its ETag.
type cacheFile struct {
	ETag    string         `json:"etag"`
	Catalog portal.Catalog `json:"catalog"`
}

// LoadCache reads the catalog stored at path by SaveCache. ok is false when
// there is none or it is unreadable (the caller falls back to the
// embedded catalog).
func LoadCache(path string) (cat portal.Catalog, etag string, ok bool) {
	data, err := boundedio.ReadFile(path, maxCacheBytes)
	if err != nil {
		return portal.Catalog{}, "", false
	}
	var f cacheFile
	if json.Unmarshal(data, &f) != nil || len(f.Catalog.Items) == 0 {
		return portal.Catalog{}, "", false
	}
	if _, err := New(f.Catalog, nil); err != nil { // validation only
		return portal.Catalog{}, "", false
	}
	return f.Catalog, f.ETag, true
}

// maxCacheBytes bounds the cached catalog read back at start.
const maxCacheBytes = 16 << 20

// SaveCache stores the catalog and its ETag at path, atomically.
func SaveCache(path string, cat portal.Catalog, etag string) error {
	data, err := json.Marshal(cacheFile{ETag: etag, Catalog: cat})
	if err != nil {
		return fmt.Errorf("catalog: save cache: %w", err)
	}
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("catalog: save cache: %w", err)
	}
	return nil
}

// Source is the portal's catalog endpoint; *portal.Client has it.
type Source interface {
	Catalog(ctx context.Context) (portal.Catalog, bool, error)
	SeedCatalog(etag string, cat portal.Catalog)
	CatalogETag() string
}

var _ Source = (*portal.Client)(nil)

// Refresh asks the portal for its catalog (answered 304 when unchanged)
// and, when it changed, stores it at cachePath and returns it indexed
// (names spelled with sp, see New).
// A catalog that fails validation is refused: the kiosk keeps the one it
// has rather than show a service that leads nowhere.
func Refresh(ctx context.Context, src Source, cachePath string, sp Speller) (*Catalog, bool, error) {
	cat, changed, err := src.Catalog(ctx)
	if err != nil || !changed {
		return nil, false, err
	}
	idx, err := New(cat, sp)
	if err != nil {
		return nil, false, fmt.Errorf("%w: %w", ErrUnusable, err)
	}
	if err := SaveCache(cachePath, cat, src.CatalogETag()); err != nil {
		return idx, true, err
	}
	return idx, true, nil
}
