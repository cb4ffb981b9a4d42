package server

import (
	"context"
	"net/http"
	"time"

	"hallkiosk/app/portal"
)

type ctxKey int

const latencyKey ctxKey = 0

// latencyOf returns the fault latency the API middleware chose for a
// request.
func latencyOf(ctx context.Context) time.Duration {
	d, _ := ctx.Value(latencyKey).(time.Duration)
	return d
}

// routes builds the handler of the whole contract.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	json := []string{portal.ContentJSON}
	mux.HandleFunc("GET /api/v1/catalog", s.simple(s.getCatalog))
	mux.HandleFunc("GET /api/v1/faq", s.simple(s.getFAQ))
	mux.HandleFunc("POST /api/v1/identity/sessions", s.handle(creating{route: "identity/sessions", limit: maxIdentityBody, types: json, fn: s.createSession}))
	mux.HandleFunc("POST /api/v1/identity/sms", s.handle(creating{route: "identity/sms", limit: maxJSONBody, types: json, fn: s.createSMS}))
	mux.HandleFunc("POST /api/v1/identity/sms/verify", s.simple(s.verifySMS))
	mux.HandleFunc("POST /api/v1/materials", s.handle(creating{route: "materials", limit: maxMaterialBody, types: []string{portal.ContentPDF, portal.ContentJPEG}, fn: s.createMaterial}))
	mux.HandleFunc("POST /api/v1/applications", s.handle(creating{route: "applications", limit: maxJSONBody, types: json, fn: s.createApplication}))
	mux.HandleFunc("GET /api/v1/applications", s.simple(s.listApplications))
	mux.HandleFunc("GET /api/v1/applications/{id}/receipt.pdf", s.simple(s.receiptPDF))
	mux.HandleFunc("GET /api/v1/licenses", s.simple(s.listLicenses))
	mux.HandleFunc("GET /api/v1/licenses/{file}", s.simple(s.licensePDF))
	mux.HandleFunc("POST /api/v1/ratings", s.handle(creating{route: "ratings", limit: maxJSONBody, types: json, fn: s.createRating}))
	mux.HandleFunc("POST /api/v1/feedback", s.handle(creating{route: "feedback", limit: maxJSONBody, types: json, fn: s.createFeedback}))
	mux.HandleFunc("POST /api/v1/devices/heartbeat", s.simple(s.heartbeat))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.answer(w, r, errReply(http.StatusNotFound, "not_found", "no such endpoint"))
	})
	return s.api(mux)
}

// api checks the device token and applies the refusing faults before any
// endpoint runs.
func (s *Server) api(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			rep := errReply(http.StatusUnauthorized, "unauthorized", "missing or wrong device token")
			rep.header = map[string]string{"WWW-Authenticate": `Bearer realm="portal"`}
			s.answer(w, r, rep)
			return
		}
		if refuse, latency := s.faultCheck(); refuse != nil {
			s.answer(w, r, *refuse)
			return
		} else if latency > 0 {
			r = r.WithContext(context.WithValue(r.Context(), latencyKey, latency))
		}
		next.ServeHTTP(w, r)
	})
}

// simple wraps an endpoint that creates nothing: latency, then the answer.
func (s *Server) simple(fn func(w http.ResponseWriter, r *http.Request) reply) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sleep(r.Context(), latencyOf(r.Context()))
		s.answer(w, r, fn(w, r))
	}
}

// answer writes rep and logs the request (method, route pattern, status;
// never a body, a header value or a path identifier).
func (s *Server) answer(w http.ResponseWriter, r *http.Request, rep reply) {
	s.answerKey(w, r, "", rep)
}

// answerKey is answer with the request's Idempotency-Key in the log line.
func (s *Server) answerKey(w http.ResponseWriter, r *http.Request, key string, rep reply) {
	rep.write(w)
	route := r.Pattern
	if route == "" || route == "/" {
		route = "unrouted"
	}
	attrs := []any{"method", r.Method, "route", route, "status", rep.status}
	if key != "" {
		attrs = append(attrs, "key", key)
	}
	if rep.header["Idempotent-Replayed"] == "true" {
		attrs = append(attrs, "replayed", true)
	}
	s.log.Info("request", attrs...)
}
