package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// Catalog returns the portal's catalog. The client remembers the ETag of the
// last catalog it received and sends it as If-None-Match; when the portal
// answers 304 the remembered catalog is returned with changed false. Treat
// the result as read-only: it is shared with the cache.
func (c *Client) Catalog(ctx context.Context) (cat Catalog, changed bool, err error) {
	const op = "catalog"
	c.mu.Lock()
	etag, cached := c.catETag, c.cat
	c.mu.Unlock()
	cl := call{op: op, method: http.MethodGet, path: "/api/v1/catalog", limit: c.maxJSON}
	if etag != "" && cached != nil {
		cl.header = map[string]string{"If-None-Match": etag}
	}
	a, err := c.do(ctx, cl)
	if err != nil {
		return Catalog{}, false, err
	}
	if a.status == http.StatusNotModified {
		if cached == nil {
			return Catalog{}, false, badResponse(op, a.status, fmt.Errorf("%w: 304 without a cached catalog", ErrBadResponse))
		}
		return *cached, false, nil
	}
	var out Catalog
	err = decodeJSON(op, a, c.now(), &out, func() error {
		if out.Version == "" || len(out.Items) == 0 {
			return errors.New("catalog without version or items")
		}
		for _, it := range out.Items {
			if it.Code == "" || it.Name == "" {
				return errors.New("catalog item without code or name")
			}
		}
		return nil
	})
	if err != nil {
		return Catalog{}, false, err
	}
	c.mu.Lock()
	c.catETag, c.cat = a.header.Get("ETag"), &out
	c.mu.Unlock()
	return out, true, nil
}

// SeedCatalog primes the ETag cache with a catalog the kiosk stored earlier,
// so the first Catalog call after a restart can be answered with 304.
func (c *Client) SeedCatalog(etag string, cat Catalog) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.catETag, c.cat = etag, &cat
}

// CatalogETag returns the ETag of the cached catalog, "" if none.
func (c *Client) CatalogETag() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.catETag
}
