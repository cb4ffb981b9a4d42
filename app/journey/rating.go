package journey

import (
	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// RatingReason is a reason a citizen can give for a low rating.
type RatingReason struct {
	Code string // the portal's reason code
	Name string // what the citizen reads
}

// RatingReasons are the reasons offered for a rating of 1 or 2.
func RatingReasons() []RatingReason {
	return []RatingReason{
		{"slow", "办得太慢"}, {"hard_to_use", "机器不好用"}, {"device_fault", "设备有故障"},
		{"unclear_guide", "说明看不懂"}, {"other", "其他原因"},
	}
}

// RatingLevel is one of the five levels of 好差评.
type RatingLevel struct {
	Level int
	Name  string
}

// RatingLevels are the five levels, best first.
func RatingLevels() []RatingLevel {
	return []RatingLevel{{5, "非常满意"}, {4, "满意"}, {3, "基本满意"}, {2, "不满意"}, {1, "非常不满意"}}
}

// NeedsReason reports whether a rating of level asks why (差评).
func NeedsReason(level int) bool { return level >= 1 && level <= 2 }

// RatingFor builds the portal's rating: of the application the portal
// acknowledged when there is one, else of the service; only known reason
// codes, in the order offered.
func RatingFor(serviceCode string, sub *app.Submission, level int, reasons []string) portal.Rating {
	r := portal.Rating{ServiceCode: serviceCode, Level: level, Reasons: []string{}}
	if sub != nil && sub.Receipt.ApplicationID != "" {
		r.ApplicationID, r.ServiceCode = sub.Receipt.ApplicationID, ""
	}
	chosen := map[string]bool{}
	for _, c := range reasons {
		chosen[c] = true
	}
	for _, rr := range RatingReasons() {
		if chosen[rr.Code] {
			r.Reasons = append(r.Reasons, rr.Code)
		}
	}
	return r
}
