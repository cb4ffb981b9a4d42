package server

import (
	"time"

	"hallkiosk/app/portal"
)

// Plans of an application's progress.
const (
	planNormal     = "normal"
	planSupplement = "supplement"
)

// progressOf returns an application's status and history at now: it moves
// on with the clock from its arrival, following its plan.
func (s *Server) progressOf(plan string, received, now time.Time) (string, []portal.HistoryEntry) {
	p := s.opts.Progress
	steps := []portal.HistoryEntry{
		{Status: portal.StatusReceived, At: received, Note: "申请已接收"},
		{Status: portal.StatusAccepted, At: received.Add(p.Accepted), Note: "材料齐全，予以受理"},
		{Status: portal.StatusInReview, At: received.Add(p.InReview), Note: "审核中"},
	}
	if plan == planSupplement {
		steps = append(steps, portal.HistoryEntry{Status: portal.StatusNeedsSupplement, At: received.Add(p.Done),
			Note: "请补充：居住证明材料（租赁合同需双方签字）"})
	} else {
		steps = append(steps, portal.HistoryEntry{Status: portal.StatusApproved, At: received.Add(p.Done), Note: "已办结，结果已推送至电子证照库"})
	}
	var hist []portal.HistoryEntry
	for _, st := range steps {
		if st.At.After(now) {
			break
		}
		st.At = st.At.UTC()
		hist = append(hist, st)
	}
	if len(hist) == 0 {
		hist = steps[:1]
	}
	return hist[len(hist)-1].Status, hist
}
