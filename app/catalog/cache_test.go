package catalog

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"hallkiosk/app/portal"
)

type fakeSource struct {
	cat     portal.Catalog
	changed bool
	etag    string
}

func (f *fakeSource) Catalog(context.Context) (portal.Catalog, bool, error) {
	return f.cat, f.changed, nil
}
func (f *fakeSource) SeedCatalog(etag string, cat portal.Catalog) { f.etag = etag }
func (f *fakeSource) CatalogETag() string                         { return "\"v2\"" }

func TestRefreshCachesAChangedCatalogAndRefusesABrokenOne(t *testing.T) {
	path := filepath.Join(t.TempDir(), "catalog.json")
	if _, _, ok := LoadCache(path); ok {
		t.Fatal("a missing cache loaded")
	}
	demo, _ := Demo()
	src := &fakeSource{cat: demo, changed: true}
	idx, changed, err := Refresh(context.Background(), src, path, nil)
	if err != nil || !changed || len(idx.All()) != len(demo.Items) {
		t.Fatalf("refresh: %v %v", changed, err)
	}
	cat, etag, ok := LoadCache(path)
	if !ok || etag != "\"v2\"" || cat.Version != demo.Version {
		t.Fatalf("cache: %v %q", ok, etag)
	}
	src.changed = false
	if idx, changed, _ := Refresh(context.Background(), src, path, nil); changed || idx != nil {
		t.Fatal("an unchanged catalog was reported as new")
	}
	src.changed = true
	src.cat = portal.Catalog{Version: "bad", Items: []portal.ServiceItem{{Code: "A", Name: "a", PackageOf: []string{"missing"}}}}
	if _, _, err := Refresh(context.Background(), src, path, nil); err == nil {
		t.Fatal("a broken catalog was accepted")
	}
	os.WriteFile(path, []byte("{garbage"), 0o600)
	if _, _, ok := LoadCache(path); ok {
		t.Fatal("a corrupt cache loaded")
	}
}

func TestLoadCacheRefusesAnEndlessFile(t *testing.T) {
	if _, _, ok := LoadCache("/dev/zero"); ok {
		t.Fatal("an endless cache file was taken")
	}
}
