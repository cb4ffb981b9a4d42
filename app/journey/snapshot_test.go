package journey

import (
	"encoding/json"
	"strings"
	"testing"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
	"hallkiosk/devices/idcard"
	"hallkiosk/devices/idcard/idcardsim"
)

// personal are the values of a card that no snapshot may carry unmasked:
// names, the number and its birth-date digits, the address.
func personal(c *idcard.Card) []string {
	var out []string
	for _, v := range []string{c.Name, c.NameEN, c.IDNumber, c.Address, c.AppendedAddress} {
		if len([]rune(v)) >= 2 {
			out = append(out, v)
		}
	}
	if len(c.IDNumber) == 18 {
		out = append(out, c.IDNumber[6:14])
	}
	return out
}

// typed are values a citizen types into the form that are personal: a
// name, a phone, a bank card, an address; sampleValue gives the rest.
func typedValue(f portal.Field) string {
	switch {
	case f.Type == portal.FieldPhone:
		return "13712345678"
	case f.Type == portal.FieldIDNumber:
		return "11010519491231002X"
	case f.Type == portal.FieldAddress:
		return "北京市西城区金融大街9号院"
	case f.Type == portal.FieldName || (f.Personal && f.Type != portal.FieldDigits):
		return "欧阳修文"
	case f.Personal:
		return "6222020200112233445"
	}
	return sampleValue(f)
}

// TestSnapshotsAreMasked builds every step of every journey — every service
// of the catalog, 进度查询, 电子证照, 意见建议, 呼叫工作人员 — with every sample
// card, the form filled with personal values, and fails when a snapshot's
// JSON carries any of them unmasked.
func TestSnapshotsAreMasked(t *testing.T) {
	r := newRig(t)
	demo, _ := catalog.Demo()
	cards := append([]*idcard.Card{wang()}, idcardsim.SampleCards()...)
	typedSecrets := []string{"13712345678", "欧阳修文", "6222020200112233445", "北京市西城区金融大街9号院", "金融大街"}
	for _, card := range cards {
		secrets := append(personal(card), typedSecrets...)
		check := func(what string, s Snapshot) {
			t.Helper()
			b, err := json.Marshal(s)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			for _, v := range secrets {
				if strings.Contains(string(b), v) {
					t.Errorf("%s with %s: the snapshot carries %q: %s", what, card.Masked().DisplayName(), v, b)
				}
			}
		}
		r.session.Finish()
		r.session.Start()
		copied := *card
		r.session.Data().SetCard(&copied) // the wipe wipes the copy

		for _, it := range demo.Items {
			j, err := NewApply(r.cur.Deps(), it.Code)
			if err != nil {
				t.Fatal(err)
			}
			j.Prefill()
			for _, i := range j.Asked() {
				f := j.Form().Fields[i]
				j.SetValue(f, typedValue(f))
			}
			for _, st := range j.Steps() {
				r.session.Open(j.Screen(st))
				check(it.Code+" "+st.Kind.String(), j.Snapshot())
			}
			j.Close()
		}
		for _, kind := range []RecordsKind{RecordsProgress, RecordsLicenses} {
			j, err := NewRecords(r.cur.Deps(), kind)
			if err != nil {
				t.Fatal(err)
			}
			for _, st := range j.Steps() {
				r.session.Open(j.Screen(st))
				check(string(kind)+" "+st.Kind.String(), j.Snapshot())
			}
			j.Close()
		}
		fb := NewFeedback(r.cur.Deps())
		check("feedback", fb.Snapshot())
		fb.Close()
		call := r.cur.CallStaff()
		check("call staff", call.Snapshot())
	}
}
