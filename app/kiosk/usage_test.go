package kiosk

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/events"
	"hallkiosk/app/figures"
)

// eventRows reads every text of the event tables as one string per row.
func eventRows(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT kiosk, kind, service, key, detail, tags FROM events`,
		`SELECT kiosk, '', service, metric, key, '' FROM rollup`,
		`SELECT kiosk, '', service, metric, key, '' FROM rollup_month`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a, b, c, d, e, f string
			if err := rows.Scan(&a, &b, &c, &d, &e, &f); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join([]string{a, b, c, d, e, f}, "|"))
		}
		rows.Close()
	}
	return out
}

// TestUsageEvents: a citizen's application, rating and end at a kiosk
// become usage events (session, screens, the funnel's steps once each, the
// submission with its reward, the rating, the print); the event tables
// hold only codes, none of the card's data; the hot list puts the service
// first once the citizen has gone, not while they are there.
func TestUsageEvents(t *testing.T) {
	k := startDemoKiosk(t)
	ctx := context.Background()
	if k.Events == nil || k.Hot == nil {
		t.Fatal("the kiosk has no usage log")
	}
	before := k.Hot.Items(k.Catalog)
	if len(before) == 0 || before[0].Code == "BDC-0401" {
		t.Fatalf("the seeded hot list: %v", before)
	}
	// 王小明's card (a sample): BDC-0401 needs the face check, and 赵建华's
	// never matches.
	j := applyBDC(t, k, 2)
	j.Print()
	k.waitFor(t, "the receipt", func() bool { st, _ := j.PrintState(); return st != "printing" })
	j.OpenRating()
	j.Rate(2, []string{"slow"})
	k.waitFor(t, "the end", func() bool { return k.Session.Snapshot().State == app.StateEnding })
	if err := k.Usage.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	k.waitFor(t, "the hot list", func() bool {
		items := k.Hot.Items(k.Catalog)
		return len(items) > 0 && items[0].Code == "BDC-0401"
	})
	if err := k.Events.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	r, err := figures.Compute(ctx, k.Events.DB(), k.Events.Location(), figures.OneDay(events.DayOf(time.Now(), time.Local)), figures.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	f := r.Total
	if f.Sessions != 1 || f.Submissions != 1 || f.Online != 1 || f.Rewards != 1 || f.Ratings[2] != 1 ||
		f.Prints < 1 || f.Ends["finished"] != 1 || f.DwellN != 1 {
		t.Errorf("figures: %+v", f)
	}
	if len(f.Reasons) != 1 || f.Reasons[0].Code != "slow" {
		t.Errorf("reasons: %v", f.Reasons)
	}
	if s := r.ByService["BDC-0401"]; s == nil || s.Submissions != 1 || s.DwellN != 1 || s.Ratings[2] != 1 {
		t.Errorf("BDC-0401: %+v", s)
	}
	if len(r.Funnels) != 1 || r.Funnels[0].Service != "BDC-0401" {
		t.Fatalf("funnels: %+v", r.Funnels)
	}
	var steps []string
	for _, s := range r.Funnels[0].Steps {
		steps = append(steps, fmt.Sprintf("%s=%d", s.Step, s.Reached))
	}
	got := strings.Join(steps, " ")
	// (applyBDC types the field from the face screen: no form screen.)
	for _, want := range []string{"identify=1", "review=1", "result=1", "rate=1"} {
		if !strings.Contains(got, want) {
			t.Errorf("funnel %s lacks %s", got, want)
		}
	}
	// The heartbeat's stats are today's figures of this kiosk.
	st, err := k.todayStats(ctx)
	if err != nil || st.Sessions != 1 || st.Submissions != 1 || st.RatingsByLevel["2"] != 1 {
		t.Errorf("heartbeat stats %+v (%v)", st, err)
	}

	// No personal data: every text is a code, none is the card's.
	card := DemoCards()[2]
	for _, row := range eventRows(t, k.Events.DB()) {
		for _, v := range strings.Split(row, "|") {
			for _, tag := range strings.Split(v, ",") {
				if events.Clean(tag) != tag {
					t.Errorf("event text %q is not a code (row %s)", tag, row)
				}
			}
		}
		for _, p := range []string{card.Name, card.IDNumber, card.IDNumber[len(card.IDNumber)-4:] + "|", card.Address} {
			if strings.Contains(row, p) {
				t.Errorf("event row %q carries %q", row, p)
			}
		}
	}
	k.Session.Start()
	k.checkNoLeak(t, card.Name, card.IDNumber, card.Address)
}

// TestHotListWaitsForTheCitizen: a list worked out while a citizen is at
// the kiosk changes nothing until they leave.
func TestHotListWaitsForTheCitizen(t *testing.T) {
	k := startDemoKiosk(t)
	ctx := context.Background()
	ranked := []string{}
	h := &app.HotList{Session: k.Session, Rank: func(context.Context) ([]string, error) { return ranked, nil }}
	defer h.Close()
	if err := h.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	seed := h.Items(k.Catalog)
	k.Session.Start() // a citizen on the home screen
	ranked = []string{"MZ-0701", "GJJ-0302"}
	if err := h.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got := h.Items(k.Catalog); got[0].Code != seed[0].Code || len(got) != len(seed) {
		t.Fatalf("the list changed under the citizen: %v", got)
	}
	k.Session.Finish()
	got := h.Items(k.Catalog)
	if got[0].Code != "MZ-0701" || got[1].Code != "GJJ-0302" || got[2].Code != seed[0].Code {
		t.Errorf("after the citizen: %s %s %s", got[0].Code, got[1].Code, got[2].Code)
	}
	if len(got) != 8 {
		t.Errorf("%d services, want 8", len(got))
	}
}
