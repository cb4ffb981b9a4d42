package app

import (
	"strings"
	"testing"
	"time"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard"
	"hallkiosk/internal/privacy"
)

func TestValidateField(t *testing.T) {
	today := time.Date(2026, 11, 28, 10, 0, 0, 0, time.Local)
	phone := portal.Field{Key: "phone", Label: "手机号码", Type: portal.FieldPhone, Required: true}
	id := portal.Field{Key: "id_number", Label: "身份证号", Type: portal.FieldIDNumber, Required: true}
	date := portal.Field{Key: "date", Label: "预约日期", Type: portal.FieldDate, Required: true}
	sel := portal.Field{Key: "reason", Label: "补领原因", Type: portal.FieldSelect, Options: []string{"丢失", "损坏"}}
	digits := portal.Field{Key: "amount", Label: "金额", Type: portal.FieldDigits, MaxLen: 4}
	cases := []struct {
		f       portal.Field
		v       string
		problem string // "" = valid
	}{
		{phone, "13812345678", ""},
		{phone, "", "还没有填写"},
		{phone, "1381234567", "现在是10位"},
		{phone, "23812345678", "1开头"},
		{id, "11010519491231002X", ""},
		{id, "11010519491231002x", ""},
		{id, "110105194912310021", "校验位"},
		{id, "11010519491231", "现在是14位"},
		{date, "2026-11-28", ""},
		{date, "2026-11-27", "已经过去"},
		{date, "2026-13-01", "不完整"},
		{sel, "丢失", ""},
		{sel, "被偷", "不是可选"},
		{sel, "", ""},
		{digits, "12a", "只能填数字"},
		{digits, "12345", "最多4个字"},
	}
	for _, c := range cases {
		err := ValidateField(c.f, c.v, today)
		switch {
		case c.problem == "" && err != nil:
			t.Errorf("%s=%q: unexpected %v", c.f.Key, c.v, err)
		case c.problem != "" && (err == nil || !strings.Contains(err.Problem, c.problem)):
			t.Errorf("%s=%q: got %v, want a problem with %q", c.f.Key, c.v, err, c.problem)
		case err != nil && (err.Fix == "" || !strings.HasPrefix(err.Error(), c.f.Label)):
			t.Errorf("%s=%q: error %q must name the field and say how to fix it", c.f.Key, c.v, err)
		}
	}
}

func TestPrefillMaskAndApplication(t *testing.T) {
	card := &idcard.Card{Type: idcard.Resident, Name: "王小明", IDNumber: "11010519491231002X", Address: "北京市东城区景山前街4号", Birth: "1949-12-31", Sex: idcard.Sex(1)}
	form := portal.Form{Fields: []portal.Field{
		{Key: "name", Label: "姓名", Type: portal.FieldChineseText, Prefill: "card.name"},
		{Key: "id_number", Label: "身份证号", Type: portal.FieldIDNumber, Prefill: "card.id_number"},
		{Key: "phone", Label: "手机号码", Type: portal.FieldPhone},
		{Key: "company_name", Label: "企业名称", Type: portal.FieldChineseText},
	}}
	vals := map[string]string{}
	for _, f := range form.Fields {
		if v := Prefill(f, card); v != "" {
			vals[f.Key] = v
		}
	}
	vals["phone"] = "13812345678"
	vals["company_name"] = "星光科技有限公司"
	if vals["name"] != "王小明" || vals["id_number"] != "11010519491231002X" {
		t.Fatalf("prefill %v", vals)
	}
	for key, want := range map[string]string{"name": "王*明", "id_number": "110105********002X", "phone": "138****5678", "company_name": "星光科技有限公司"} {
		var f portal.Field
		for _, x := range form.Fields {
			if x.Key == key {
				f = x
			}
		}
		if got := MaskValue(f, vals[key]); got != want {
			t.Errorf("mask %s = %q, want %q", key, got, want)
		}
	}
	a := BuildApplication(portal.ServiceItem{Code: "X"}, form, vals, card, "HALL-1", time.Now())
	if a.Applicant.Name != "王小明" || a.Applicant.Phone != "13812345678" || a.Channel != "kiosk" || a.Form["company_name"] == "" {
		t.Fatalf("application %+v", a)
	}
}

func TestIsPersonalAndMaskValue(t *testing.T) {
	cases := []struct {
		name     string
		f        portal.Field
		v        string
		personal bool
		want     string
	}{
		{"marked name typed in", portal.Field{Key: "name", Type: portal.FieldChineseText, Personal: true}, "王小明", true, "王*明"},
		{"marked English name", portal.Field{Key: "holder_name", Type: portal.FieldText, Personal: true}, "SMITH JOHN", true, "S**** J***"},
		{"name type unmarked", portal.Field{Key: "agent", Type: portal.FieldName}, "李四", true, "李*"},
		{"card name prefill", portal.Field{Key: "legal_rep", Type: portal.FieldChineseText, Prefill: "card.name"}, "王小明", true, "王*明"},
		{"id_number type", portal.Field{Key: "x", Type: portal.FieldIDNumber}, "11010519491231002X", true, "110105********002X"},
		{"card id prefill on text", portal.Field{Key: "x", Type: portal.FieldText, Prefill: "card.id_number"}, "11010519491231002X", true, "110105********002X"},
		{"phone type", portal.Field{Key: "contact", Type: portal.FieldPhone}, "13812345678", true, "138****5678"},
		{"address type", portal.Field{Key: "live", Type: portal.FieldAddress}, "北京市东城区景山前街4号", true, "北京市东城区****"},
		{"card address prefill", portal.Field{Key: "addr", Type: portal.FieldChineseText, Prefill: "card.address"}, "北京市东城区景山前街4号", true, "北京市东城区****"},
		{"marked bank card", portal.Field{Key: "bank_card", Type: portal.FieldDigits, Personal: true}, "6222021234567891234", true, "622202*********1234"},
		{"marked account, other key", portal.Field{Key: "account", Type: portal.FieldDigits, Personal: true}, "6222021234567891234", true, "622202*********1234"},
		{"marked digits shaped like a phone", portal.Field{Key: "account", Type: portal.FieldDigits, Personal: true}, "13812345678", true, "138****5678"},
		{"marked free text", portal.Field{Key: "employer", Type: portal.FieldChineseText, Personal: true}, "北京星光科技有限公司", true, "北********"},
		{"card birth prefill", portal.Field{Key: "birth", Type: portal.FieldDate, Prefill: "card.birth"}, "1949-12-31", true, "1********"},
		{"empty personal value", portal.Field{Key: "phone", Type: portal.FieldPhone}, "", true, ""},
		// Keys no longer make a field personal: the portal marks it.
		{"unmarked key name", portal.Field{Key: "name", Type: portal.FieldChineseText}, "王小明", false, "王小明"},
		{"unmarked _name key", portal.Field{Key: "contact_name", Type: portal.FieldChineseText}, "王小明", false, "王小明"},
		{"unmarked bank key", portal.Field{Key: "bank_branch", Type: portal.FieldChineseText}, "工商银行景山支行", false, "工商银行景山支行"},
		{"company name", portal.Field{Key: "company_name", Type: portal.FieldChineseText}, "星光科技有限公司", false, "星光科技有限公司"},
		{"digits", portal.Field{Key: "amount", Type: portal.FieldDigits}, "12000", false, "12000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := IsPersonal(c.f); got != c.personal {
				t.Errorf("IsPersonal = %v, want %v", got, c.personal)
			}
			if got := MaskValue(c.f, c.v); got != c.want {
				t.Errorf("MaskValue(%q) = %q, want %q", c.v, got, c.want)
			}
		})
	}
}

// TestDemoCatalogMasksAsBefore checks that the demo catalog marks the fields
// the kiosk used to find personal by their keys, and that every field of it
// is masked exactly as the key-guessing rule masked it.
func TestDemoCatalogMasksAsBefore(t *testing.T) {
	// keyRule is IsPersonal and MaskValue as they were before fields were
	// marked personal.
	keyRule := func(f portal.Field, v string) (bool, string) {
		personal := f.Type == portal.FieldIDNumber || f.Type == portal.FieldPhone || f.Type == portal.FieldAddress ||
			strings.HasPrefix(f.Prefill, "card.") || f.Key == "name" || strings.HasSuffix(f.Key, "_name") && f.Key != "company_name" ||
			strings.Contains(f.Key, "bank")
		if v == "" || !personal {
			return personal, v
		}
		switch {
		case f.Type == portal.FieldPhone:
			return true, privacy.MaskPhone(v)
		case f.Type == portal.FieldIDNumber, strings.Contains(f.Key, "bank"):
			return true, privacy.MaskID(v)
		case f.Type == portal.FieldAddress || f.Prefill == "card.address":
			return true, privacy.MaskAddress(v)
		case f.Prefill == "card.name" || f.Key == "name" || strings.HasSuffix(f.Key, "_name"):
			return true, privacy.MaskName(v)
		}
		return true, v
	}
	sample := map[string]string{
		portal.FieldPhone: "13812345678", portal.FieldIDNumber: "11010519491231002X",
		portal.FieldAddress: "北京市东城区景山前街4号", portal.FieldDigits: "6222021234567891234",
		portal.FieldDate: "2026-12-01", portal.FieldChineseText: "王小明", portal.FieldText: "WANG XIAOMING",
	}
	cat, err := catalog.Demo()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range cat.Items {
		for _, f := range it.Form.Fields {
			v := sample[f.Type]
			if f.Type == portal.FieldSelect && len(f.Options) > 0 {
				v = f.Options[0]
			}
			personal, want := keyRule(f, v)
			if personal != f.Personal {
				t.Errorf("%s %s: personal %v in the catalog, want %v", it.Code, f.Key, f.Personal, personal)
			}
			if IsPersonal(f) != personal {
				t.Errorf("%s %s: IsPersonal = %v, want %v", it.Code, f.Key, IsPersonal(f), personal)
			}
			if got := MaskValue(f, v); got != want {
				t.Errorf("%s %s: MaskValue(%q) = %q, want %q", it.Code, f.Key, v, got, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("the demo catalog has no form fields")
	}
}
