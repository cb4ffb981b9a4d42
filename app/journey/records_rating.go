package journey

import (
	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// 评价最近一次办事: a citizen rates an application of theirs found through
// 进度查询 — the latest one when they came for that from the home screen
// (BeginRating), or the one whose timeline they look at (OpenRating).

// BeginRating opens 进度查询 to rate the citizen's latest application: the
// card and the face check as usual, then, once the list is there, the
// rating of the application received last (the list stays when there is
// none).
func (j *Records) BeginRating() {
	j.mu.Lock()
	j.rateLatest, j.rating = true, ""
	j.mu.Unlock()
	j.Begin()
}

// Latest is the application the portal received last.
func (j *Records) Latest() (portal.ApplicationStatus, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return latestOf(j.apps)
}

func latestOf(apps []portal.ApplicationStatus) (portal.ApplicationStatus, bool) {
	var best portal.ApplicationStatus
	found := false
	for _, a := range apps {
		if len(a.History) == 0 {
			continue
		}
		if !found || a.History[0].At.After(best.History[0].At) {
			best, found = a, true
		}
	}
	if !found && len(apps) > 0 {
		return apps[0], true
	}
	return best, found
}

// OpenRating opens 好差评 for the citizen's application id.
func (j *Records) OpenRating(id string) {
	j.mu.Lock()
	j.rating, j.err = id, nil
	j.mu.Unlock()
	j.d.Session.Open(app.Screen{ID: app.ScreenRating, Param: j.Purpose()})
}

// RatingOf is the application being rated, ok false when none is.
func (j *Records) RatingOf() (portal.ApplicationStatus, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	for _, a := range j.apps {
		if a.ApplicationID == j.rating && j.rating != "" {
			return a, true
		}
	}
	return portal.ApplicationStatus{}, false
}

// Rate stores the citizen's rating of the application being rated, in the
// background, and ends the session with thanks once it is stored; a
// rating of 1 or 2 needs a reason.
func (j *Records) Rate(level int, reasons []string) {
	a, ok := j.RatingOf()
	if !ok {
		j.fail(ErrUnavailable)
		return
	}
	r := RatingFor(a.ServiceCode, &app.Submission{}, level, reasons)
	r.ApplicationID, r.ServiceCode = a.ApplicationID, ""
	j.rate(r)
}

// rateWhenListed opens the rating of the latest application once the
// list arrived, when the citizen came for that (BeginRating).
func (j *Records) rateWhenListed() {
	j.mu.Lock()
	want := j.rateLatest
	j.rateLatest = false
	latest, ok := latestOf(j.apps)
	if want && ok {
		j.rating = latest.ApplicationID
	}
	j.mu.Unlock()
	if want && ok && j.Current().Kind == StepRecords {
		j.d.Session.Open(app.Screen{ID: app.ScreenRating, Param: j.Purpose()})
	}
}
