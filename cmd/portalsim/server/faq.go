package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"hallkiosk/app/ask"
	"hallkiosk/app/portal"
)

// getFAQ is GET /api/v1/faq with ETag and If-None-Match, like the catalog.
func (s *Server) getFAQ(_ http.ResponseWriter, r *http.Request) reply {
	s.mu.Lock()
	body, etag := s.faq, s.faqETag
	s.mu.Unlock()
	h := map[string]string{"ETag": etag, "Cache-Control": "no-cache"}
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if t := strings.TrimSpace(tag); t == etag || t == "*" {
			return reply{status: http.StatusNotModified, header: h}
		}
	}
	return reply{status: http.StatusOK, contentType: "application/json; charset=utf-8", body: body, header: h}
}

// SetFAQ replaces the FAQ the simulator serves (a portal that published
// new answers); its ETag changes with it.
func (s *Server) SetFAQ(faq portal.FAQ) error {
	body, err := json.Marshal(faq)
	if err != nil {
		return fmt.Errorf("portalsim: faq: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faq, s.faqETag = body, etagOf(body)
	return nil
}

// loadDemoFAQ serves the demo FAQ of app/ask.
func (s *Server) loadDemoFAQ() {
	s.faq = ask.DemoFAQJSON()
	s.faqETag = etagOf(s.faq)
}
