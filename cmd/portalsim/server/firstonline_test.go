package server_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"testing"

	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

// TestFirstOnline: the portal answers first_online with a reward for a
// person's first online application only (a replay repeats the first
// answer; a window application does not count; the decision survives a
// restart), and remembers people by a keyed hash, never their number.
func TestFirstOnline(t *testing.T) {
	dir := t.TempDir()
	s, _ := start(t, server.Options{DataDir: dir})
	post := func(s *server.Server, key string, body []byte) portal.ApplicationAck {
		t.Helper()
		a := do(t, s, "POST", "/api/v1/applications", "application/json", body, map[string]string{"Idempotency-Key": key})
		if a.status != 201 {
			t.Fatalf("%d %s", a.status, a.body)
		}
		var ack portal.ApplicationAck
		if err := json.Unmarshal(a.body, &ack); err != nil {
			t.Fatal(err)
		}
		return ack
	}
	who := server.DemoIdentities()[1]
	window := appBody(t, "at the window")
	var app portal.Application
	json.Unmarshal(window, &app)
	app.Channel = "window"
	window, _ = json.Marshal(app)
	if ack := post(s, portal.NewKey(), window); ack.FirstOnline || ack.Reward != nil {
		t.Errorf("a window application counted as online: %+v", ack)
	}
	key := portal.NewKey()
	first := post(s, key, appBody(t, "first"))
	if !first.FirstOnline || first.Reward == nil || first.Reward.Code == "" || first.Reward.ValidUntil().IsZero() {
		t.Fatalf("first online application: %+v %+v", first, first.Reward)
	}
	if replay := post(s, key, appBody(t, "first")); !replay.FirstOnline || replay.Reward == nil || replay.Reward.Code != first.Reward.Code {
		t.Errorf("replay changed the answer: %+v", replay)
	}
	if second := post(s, portal.NewKey(), appBody(t, "second")); second.FirstOnline || second.Reward != nil {
		t.Errorf("second application: %+v", second)
	}
	s.Close()
	s2, _ := start(t, server.Options{DataDir: dir})
	if third := post(s2, portal.NewKey(), appBody(t, "after restart")); third.FirstOnline {
		t.Errorf("after a restart the portal forgot: %+v", third)
	}
	// Someone else is first again.
	other := server.DemoIdentities()[0]
	b, _ := json.Marshal(portal.Application{ServiceCode: "GJJ-0302",
		Applicant: portal.Applicant{CardType: other.CardType, IDNumber: other.IDNumber, Name: other.Name},
		Form:      map[string]string{}, MaterialIDs: []string{}, Channel: "kiosk"})
	if ack := post(s2, portal.NewKey(), b); !ack.FirstOnline {
		t.Errorf("another person's first application: %+v", ack)
	}
	s2.Close()

	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "portalsim.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT person FROM online_people`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var p []byte
		rows.Scan(&p)
		n++
		for _, v := range []string{who.IDNumber, other.IDNumber, who.IDNumber[:14]} {
			if bytes.Contains(p, []byte(v)) {
				t.Errorf("online_people keeps %q", v)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d people remembered, want 2", n)
	}
}
