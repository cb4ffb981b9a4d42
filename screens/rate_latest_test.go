package screens

import (
	"context"
	"strings"
	"testing"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/outbox"
	"hallkiosk/app/portal"
)

// ratingQueue keeps the ratings it is given.
type ratingQueue struct {
	fakeQueue
	ratings []portal.Rating
}

func (q *ratingQueue) AddRating(_ context.Context, r portal.Rating) (outbox.Receipt, error) {
	q.ratings = append(q.ratings, r)
	return outbox.Receipt{}, nil
}

// TestRateLatestFromHome: 评价最近一次办事 on the home screen goes through
// the card and the face check to the rating of the citizen's latest
// application, and stores it for that application; the thanks follow.
func TestRateLatestFromHome(t *testing.T) {
	k, _ := newRecordsKiosk(t, app.Mode{})
	q := &ratingQueue{}
	k.ui.deps.Submitter = &app.Submitter{Session: k.session, Queue: q, DeviceID: "T"}
	k.ui.deps.Journeys = nil
	k.activate(t, "评价最近一次办事")
	k.activate(t, "确认，下一步")
	k.activate(t, "开始核验")
	k.clock.Advance(3 * time.Second) // the countdown
	if scr := k.session.Snapshot().Screen; scr.ID != app.ScreenRating || scr.Param != app.PurposeProgress {
		t.Fatalf("after the face check: %+v", scr)
	}
	if !strings.Contains(k.ui.view.Title, "测试事项1") {
		t.Errorf("rating title %q does not name the latest application", k.ui.view.Title)
	}
	auditScreen(t, k, "rate latest")
	k.activate(t, "满意")
	if len(q.ratings) != 1 || q.ratings[0].ApplicationID != "SL2026000000" || q.ratings[0].Level != 4 {
		t.Fatalf("ratings %+v", q.ratings)
	}
	if st := k.session.Snapshot().State; st != app.StateEnding {
		t.Errorf("session %s after the rating, want the thanks", st)
	}
}

// TestRateFromTimeline: 评价这件事 on an application's timeline rates that
// application.
func TestRateFromTimeline(t *testing.T) {
	k, _ := newRecordsKiosk(t, app.Mode{})
	q := &ratingQueue{}
	k.ui.deps.Submitter = &app.Submitter{Session: k.session, Queue: q, DeviceID: "T"}
	k.ui.deps.Journeys = nil
	k.session.Data().SetIdentity("token")
	k.activate(t, "进度查询")
	k.activate(t, "测试事项2")
	k.activate(t, "评价这件事")
	k.activate(t, "不满意")
	k.activate(t, "办得太慢")
	k.activate(t, "提交评价")
	if len(q.ratings) != 1 || q.ratings[0].ApplicationID != "SL2026000001" || q.ratings[0].Reasons[0] != "slow" {
		t.Fatalf("ratings %+v", q.ratings)
	}
}
