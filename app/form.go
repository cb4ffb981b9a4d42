package app

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard"
	"hallkiosk/internal/privacy"
)

// FieldError says which field is wrong, what is wrong, and how to fix it,
// in words for the citizen (shown and spoken, EN 301 549 5.1.3.15).
type FieldError struct {
	Field   portal.Field
	Problem string
	Fix     string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s：%s。%s", e.Field.Label, e.Problem, e.Fix)
}

// Prefill returns the value a field takes from the card ("card.name",
// "card.id_number", …), or "" when it has no prefill or the card lacks it.
func Prefill(f portal.Field, c *idcard.Card) string {
	if c == nil {
		return ""
	}
	switch f.Prefill {
	case "card.name":
		return c.DisplayName()
	case "card.id_number":
		return c.IDNumber
	case "card.address":
		if c.AppendedAddress != "" {
			return c.AppendedAddress
		}
		return c.Address
	case "card.birth":
		return c.Birth
	case "card.sex":
		return c.Sex.String()
	}
	return ""
}

// IsPersonal reports whether a field carries personal data that must be
// masked on screen and never spoken aloud outside voice navigation: the
// portal marked it personal, its type is always personal (name, id_number,
// phone, address), or it is prefilled from the ID card ("card.…").
func IsPersonal(f portal.Field) bool {
	if f.Personal {
		return true
	}
	switch f.Type {
	case portal.FieldName, portal.FieldIDNumber, portal.FieldPhone, portal.FieldAddress:
		return true
	}
	return strings.HasPrefix(f.Prefill, "card.")
}

// MaskValue is how a field's value is shown where others may see it: the
// value itself when the field is not personal (IsPersonal), else masked as
// maskKind says.
func MaskValue(f portal.Field, v string) string {
	if v == "" || !IsPersonal(f) {
		return v
	}
	return privacy.Mask(maskKind(f, v), v)
}

// maskKind is how a personal field's value is masked. The field's type or
// card prefill decides when it can; otherwise (a name typed in, a bank
// account) privacy.Guess picks the kind from the key and the value's shape,
// and digits that look like nothing else are masked as a number
// (622202*********1234).
func maskKind(f portal.Field, v string) privacy.Kind {
	switch {
	case f.Type == portal.FieldPhone:
		return privacy.KindPhone
	case f.Type == portal.FieldIDNumber || f.Prefill == "card.id_number":
		return privacy.KindID
	case f.Type == portal.FieldAddress || f.Prefill == "card.address":
		return privacy.KindAddress
	case f.Type == portal.FieldName || f.Prefill == "card.name":
		return privacy.KindName
	}
	k := privacy.Guess(f.Key, v)
	if k == privacy.KindText && f.Type == portal.FieldDigits {
		return privacy.KindID
	}
	return k
}

// ValidateField checks one value against its field; nil when it is fine.
// today is used for dates that must not lie in the past.
func ValidateField(f portal.Field, v string, today time.Time) *FieldError {
	v = strings.TrimSpace(v)
	bad := func(problem, fix string) *FieldError { return &FieldError{Field: f, Problem: problem, Fix: fix} }
	if v == "" {
		if f.Required {
			return bad("还没有填写", "请填写"+f.Label+"。")
		}
		return nil
	}
	n := utf8.RuneCountInString(v)
	if f.MaxLen > 0 && n > f.MaxLen {
		return bad(fmt.Sprintf("最多%d个字，现在有%d个", f.MaxLen, n), "请删去一些。")
	}
	switch f.Type {
	case portal.FieldDigits:
		if !allDigits(v) {
			return bad("只能填数字", "请删去数字以外的内容。")
		}
	case portal.FieldPhone:
		if !allDigits(v) || len(v) != 11 || v[0] != '1' {
			return bad(fmt.Sprintf("手机号码应是1开头的11位数字，现在是%d位", len(v)), "请核对后重新输入。")
		}
	case portal.FieldIDNumber:
		if len(v) != 18 {
			return bad(fmt.Sprintf("身份证号码应是18位，现在是%d位", len(v)), "请核对后重新输入。")
		}
		if !idcard.ValidNumber(strings.ToUpper(v)) {
			return bad("号码的校验位不对，可能有一位输错了", "请对照身份证逐位核对。")
		}
	case portal.FieldDate:
		d, err := time.ParseInLocation("2006-01-02", v, today.Location())
		if err != nil {
			return bad("日期不完整", "请重新选择日期。")
		}
		y, m, dd := today.Date()
		if f.Key == "date" && d.Before(time.Date(y, m, dd, 0, 0, 0, 0, today.Location())) {
			return bad("不能选已经过去的日期", "请选今天或以后的日期。")
		}
	case portal.FieldSelect:
		for _, o := range f.Options {
			if o == v {
				return nil
			}
		}
		return bad("不是可选的一项", "请从列出的选项中选择。")
	}
	return nil
}

// ValidateForm checks every field and returns the problems in form order.
func ValidateForm(form portal.Form, values map[string]string, today time.Time) []*FieldError {
	var out []*FieldError
	for _, f := range form.Fields {
		if err := ValidateField(f, values[f.Key], today); err != nil {
			out = append(out, err)
		}
	}
	return out
}

func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) || r > unicode.MaxASCII {
			return false
		}
	}
	return s != ""
}

// BuildApplication makes the portal Application of a citizen's form. The
// applicant comes from the card; the phone from the form's phone field.
func BuildApplication(it portal.ServiceItem, form portal.Form, values map[string]string, c *idcard.Card, deviceID string, now time.Time) portal.Application {
	app := portal.Application{
		ServiceCode:     it.Code,
		Form:            map[string]string{},
		MaterialIDs:     []string{},
		Channel:         "kiosk",
		DeviceID:        deviceID,
		ClientCreatedAt: now.UTC().Truncate(time.Second),
	}
	for _, f := range form.Fields {
		if v, ok := values[f.Key]; ok && v != "" {
			app.Form[f.Key] = v
			if f.Type == portal.FieldPhone && app.Applicant.Phone == "" {
				app.Applicant.Phone = v
			}
		}
	}
	if c != nil {
		app.Applicant.CardType = string(c.Type)
		app.Applicant.IDNumber = c.IDNumber
		app.Applicant.Name = c.DisplayName()
	} else {
		// Services without a card read (身份证补领预约) name the applicant
		// in the form.
		app.Applicant.CardType = string(idcard.Resident)
		app.Applicant.IDNumber = values["id_number"]
		app.Applicant.Name = values["name"]
	}
	return app
}
