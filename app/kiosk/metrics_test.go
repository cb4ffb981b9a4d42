package kiosk

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"hallkiosk/app"
	"hallkiosk/app/journey"
	"hallkiosk/app/metrics"
	"hallkiosk/internal/logging"
)

// TestMetricsScrapedOverHTTP: after a citizen applied with a card, a
// phone and a rating, the metrics endpoint serves the expected series over
// HTTP and not one of the citizen's values.
func TestMetricsScrapedOverHTTP(t *testing.T) {
	k := startDemoKiosk(t)
	k.Session.Start()
	j := applyWithCard(t, k, "SB-0201")
	fillSocialInsurance(t, j)
	j.Submit()
	k.waitFor(t, "the result", func() bool { return j.Current().Kind == journey.StepResult })
	j.OpenRating()
	j.Rate(4, nil)
	k.waitFor(t, "the end", func() bool { return k.Session.Snapshot().State == app.StateEnding })
	k.Outbox.Drain(context.Background(), false)

	errs := &metrics.ErrorCounter{}
	log := slog.New(metrics.CountErrors(logging.Discard().Handler(), errs))
	logging.Component(log, "speech").Warn("no audio output")
	logging.Component(log, "printing").Error("paper out")

	l, err := metrics.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- metrics.Serve(ctx, l, metrics.Registry(k.MetricsSources("v-test", errs)), nil) }()
	defer func() { cancel(); <-done }()
	resp, err := http.Get("http://" + l.Addr().String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(body)
	for _, want := range []string{
		`hallkiosk_build_info{version="v-test"} 1`,
		`hallkiosk_device_state{device="idcard",state="online"} 1`,
		`hallkiosk_device_state{device="idcard",state="no_device"} 0`,
		`hallkiosk_device_state{device="receipt",state="online"} 1`,
		`hallkiosk_outbox_up 1`,
		`hallkiosk_outbox_depth 0`,
		`hallkiosk_outbox_oldest_pending_seconds 0`,
		`hallkiosk_submissions{result="sent"} 2`, // the application and the rating
		`hallkiosk_submissions{result="parked"} 0`,
		`hallkiosk_sessions_total 1`,
		`hallkiosk_ratings_total{level="4"} 1`,
		`hallkiosk_errors_total{component="speech",level="warn"} 1`,
		`hallkiosk_errors_total{component="printing",level="error"} 1`,
		`go_goroutines`,
		`process_resident_memory_bytes`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %s in the metrics", want)
		}
	}
	if strings.Contains(text, "hallkiosk_bus_connected") {
		t.Error("a bus series without a bus")
	}
	card := DemoCards()[0]
	for _, v := range []string{card.Name, card.IDNumber, card.IDNumber[:6], card.Address, "13612345678", "5678"} {
		if strings.Contains(text, v) {
			t.Errorf("the metrics carry %q", v)
		}
	}
	if t.Failed() {
		t.Logf("metrics:\n%s", text)
	}

	// Not on the hall's network.
	if _, err := metrics.Listen("0.0.0.0:0"); err == nil {
		t.Error("metrics listened beyond loopback")
	}
}
