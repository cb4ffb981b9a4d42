package portal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// FAQ is the answer of GET /api/v1/faq: the portal's plain-language
// answers to the questions people ask (智能客服's knowledge).
type FAQ struct {
	Version string    `json:"version"`
	Items   []FAQItem `json:"items"`
}

// FAQItem is one question and its answer; ServiceCodes name the catalog
// services it is about (none for a question about the hall), Keywords the
// words people use for it.
type FAQItem struct {
	ID           string   `json:"id"`
	Question     string   `json:"question"`
	Answer       string   `json:"answer"`
	ServiceCodes []string `json:"service_codes"`
	Keywords     []string `json:"keywords"`
}

// FAQ returns the portal's FAQ. etag is the ETag of the FAQ the caller
// holds ("" for none), sent as If-None-Match: when the portal answers 304,
// changed is false, the FAQ is empty and the caller keeps its own. Unlike
// Catalog, the client keeps no copy: the caller (app/ask) caches it.
func (c *Client) FAQ(ctx context.Context, etag string) (faq FAQ, newETag string, changed bool, err error) {
	const op = "faq"
	cl := call{op: op, method: http.MethodGet, path: "/api/v1/faq", limit: c.maxJSON}
	if etag != "" {
		cl.header = map[string]string{"If-None-Match": etag}
	}
	a, err := c.do(ctx, cl)
	if err != nil {
		return FAQ{}, "", false, err
	}
	if a.status == http.StatusNotModified {
		if etag == "" {
			return FAQ{}, "", false, badResponse(op, a.status, fmt.Errorf("%w: 304 without If-None-Match", ErrBadResponse))
		}
		return FAQ{}, etag, false, nil
	}
	var out FAQ
	err = decodeJSON(op, a, c.now(), &out, func() error {
		if out.Version == "" {
			return errors.New("faq without version")
		}
		for _, it := range out.Items {
			if it.ID == "" || it.Question == "" || it.Answer == "" {
				return errors.New("faq item without id, question or answer")
			}
		}
		return nil
	})
	if err != nil {
		return FAQ{}, "", false, err
	}
	return out, a.header.Get("ETag"), true, nil
}
