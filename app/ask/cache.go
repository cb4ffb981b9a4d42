package ask

import (
	"context"
	"encoding/json"
	"fmt"

	"hallkiosk/app/portal"
	"hallkiosk/internal/atomicfile"
	"hallkiosk/internal/boundedio"
)

// maxCacheBytes bounds the cached FAQ read back at start.
const maxCacheBytes = 8 << 20

// cacheFile is the FAQ as last received, with its ETag.
type cacheFile struct {
	ETag string     `json:"etag"`
	FAQ  portal.FAQ `json:"faq"`
}

// LoadCache reads the FAQ stored at path by SaveCache. ok is false when
// there is none or it is unreadable.
func LoadCache(path string) (faq portal.FAQ, etag string, ok bool) {
	data, err := boundedio.ReadFile(path, maxCacheBytes)
	if err != nil {
		return portal.FAQ{}, "", false
	}
	var f cacheFile
	if json.Unmarshal(data, &f) != nil || f.FAQ.Version == "" {
		return portal.FAQ{}, "", false
	}
	return f.FAQ, f.ETag, true
}

// SaveCache stores the FAQ and its ETag at path, atomically.
func SaveCache(path string, faq portal.FAQ, etag string) error {
	data, err := json.Marshal(cacheFile{ETag: etag, FAQ: faq})
	if err != nil {
		return fmt.Errorf("ask: save cache: %w", err)
	}
	if err := atomicfile.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("ask: save cache: %w", err)
	}
	return nil
}

// Source is the portal's FAQ endpoint; *portal.Client has it.
type Source interface {
	FAQ(ctx context.Context, etag string) (portal.FAQ, string, bool, error)
}

var _ Source = (*portal.Client)(nil)

// Refresh asks the portal for its FAQ with the ETag of the one held
// (answered 304 when unchanged) and, when it changed, stores it at
// cachePath and returns it with its ETag.
func Refresh(ctx context.Context, src Source, cachePath, etag string) (faq portal.FAQ, newETag string, changed bool, err error) {
	faq, newETag, changed, err = src.FAQ(ctx, etag)
	if err != nil || !changed {
		return portal.FAQ{}, etag, false, err
	}
	if err := SaveCache(cachePath, faq, newETag); err != nil {
		return faq, newETag, true, err
	}
	return faq, newETag, true, nil
}
