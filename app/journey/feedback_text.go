package journey

import (
	"time"
	"unicode/utf8"

	"hallkiosk/app"
	"hallkiosk/app/portal"
	"hallkiosk/internal/privacy"
)

// 意见建议 in the citizen's own words: a draft typed on the pinyin keyboard
// (the ready phrases are shortcuts into it), and an optional phone number
// for a reply, masked wherever it is shown and never in a snapshot.

// MaxFeedbackPhone bounds the phone number typed for a reply.
const MaxFeedbackPhone = 11

// Draft is the text the citizen is writing.
func (j *Feedback) Draft() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.draft
}

// SetDraft replaces the text the citizen is writing, cut at
// MaxFeedbackRunes; it reports whether all of it fit.
func (j *Feedback) SetDraft(s string) bool {
	fit := utf8.RuneCountInString(s) <= MaxFeedbackRunes
	if !fit {
		s = string([]rune(s)[:MaxFeedbackRunes])
	}
	j.mu.Lock()
	if j.running[BusyFeedback] || j.sent {
		j.mu.Unlock()
		return false
	}
	j.draft, j.err = s, nil
	j.mu.Unlock()
	j.d.Session.Touch()
	return fit
}

// AddPhrase adds a ready phrase to the draft (a shortcut: one tap instead
// of typing it), separated by a comma from what is there.
func (j *Feedback) AddPhrase(p string) bool {
	d := j.Draft()
	if d != "" {
		d += "，"
	}
	return j.SetDraft(d + p)
}

// Phone is the phone number typed for a reply ("" when none): the
// citizen's own, to be shown only masked (PhoneMasked).
func (j *Feedback) Phone() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.phone
}

// PhoneMasked is the phone number as the screen shows it (138****5678;
// fewer digits: all but the first three hidden).
func (j *Feedback) PhoneMasked() string {
	p := j.Phone()
	if len(p) == MaxFeedbackPhone {
		return privacy.MaskPhone(p)
	}
	if len(p) <= 3 {
		return p
	}
	masked := p[:3]
	for range p[3:] {
		masked += "*"
	}
	return masked
}

// TypePhone takes a key of the number pad for the phone: a digit, or
// "删除"; it reports whether the number changed.
func (j *Feedback) TypePhone(key string) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.running[BusyFeedback] || j.sent {
		return false
	}
	switch {
	case key == "删除":
		if j.phone == "" {
			return false
		}
		j.phone = j.phone[:len(j.phone)-1]
	case len(key) == 1 && key[0] >= '0' && key[0] <= '9' && len(j.phone) < MaxFeedbackPhone:
		j.phone += key
	default:
		return false
	}
	j.err = nil
	return true
}

// ClearPhone forgets the phone number typed.
func (j *Feedback) ClearPhone() {
	j.mu.Lock()
	j.phone = ""
	j.mu.Unlock()
}

// checkPhone is the problem with the phone number, nil when it is empty
// or a mobile number.
func (j *Feedback) checkPhone() *app.FieldError {
	p := j.Phone()
	if p == "" {
		return nil
	}
	f := portal.Field{Key: "contact", Label: "联系电话", Type: portal.FieldPhone}
	return app.ValidateField(f, p, time.Now())
}

// Submit stores the draft (with the phone, when one was typed) like Send.
func (j *Feedback) Submit() error {
	if fe := j.checkPhone(); fe != nil {
		j.fail(fe)
		return fe
	}
	return j.Send(j.Draft())
}

// wipe forgets what the citizen wrote and typed.
func (j *Feedback) wipe() {
	j.mu.Lock()
	j.draft, j.phone, j.text = "", "", ""
	j.mu.Unlock()
}
