package app

import (
	"strings"
	"testing"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard"
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
