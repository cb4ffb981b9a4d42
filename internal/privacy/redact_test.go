package privacy

import (
	"strings"
	"testing"
)

func TestRedactorMasksWhatWasSent(t *testing.T) {
	var r Redactor
	r.Add(KindID, "11010519491231002X")
	r.Add(KindName, "张三丰")
	r.Add(KindPhone, "13800138000")
	r.Add(KindAddress, "北京市东城区景山前街4号")
	r.AddGuess("contact_name", "JOHN SMITH")
	cases := map[string]string{
		"bad applicant 11010519491231002X 张三丰 13800138000": "bad applicant 110105********002X 张*丰 138****8000",
		"id 11010519491231002x lower x":                    "id 110105********002X lower x",
		"spaced 110105 19491231 002X and 138-0013-8000":    "spaced 110105********002X and 138****8000",
		"full width １３８００１３８０００":                           "full width 138****8000",
		"addr 北京市东城区景山前街4号 name john smith":                "addr 北京市东城区**** name J*** S****",
	}
	for in, want := range cases {
		if got := r.Redact(in); got != want {
			t.Errorf("Redact(%q)\n got %q\nwant %q", in, got, want)
		}
	}
}

func TestMaskShapes(t *testing.T) {
	cases := map[string]string{
		"call 13800138000 now":            "call 138****8000 now",
		"id 110105194912310021":           "id 110105********0021",
		"order 12345 stays":               "order 12345 stays",
		"already 110105********002X":      "already 110105********002X",
		"already 138****8000":             "already 138****8000",
		"phone with dashes 138-0013-8000": "phone with dashes 138****8000",
	}
	for in, want := range cases {
		if got := MaskShapes(in); got != want {
			t.Errorf("MaskShapes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRedactorFromJSON(t *testing.T) {
	var r Redactor
	r.AddJSON([]byte(`{"service_code":"shebao_jiaofei","applicant":{"card_type":"resident","id_number":"11010519491231002X",
		"name":"张三丰","phone":"13800138000"},"form":{"months":"3","company":"北京某某科技有限公司","yes":"是"}}`),
		"service_code", "card_type")
	msg := "bad applicant 11010519491231002X 张三丰 13800138000 北京某某科技有限公司 for shebao_jiaofei, 3 months"
	got := r.Redact(msg)
	for _, leak := range []string{"19491231", "三丰", "00138", "某某科技"} {
		if strings.Contains(got, leak) {
			t.Errorf("Redact left %q in %q", leak, got)
		}
	}
	if !strings.Contains(got, "shebao_jiaofei") || !strings.Contains(got, "3 months") {
		t.Errorf("Redact masked what is not personal: %q", got)
	}
}

func TestNilRedactorMasksShapes(t *testing.T) {
	var r *Redactor
	if got := r.Redact("x 13800138000"); got != "x 138****8000" {
		t.Errorf("nil Redact = %q", got)
	}
}

func FuzzRedact(f *testing.F) {
	f.Add("11010519491231002X", "bad 11010519491231002X")
	f.Add("张三丰", "张三丰张三丰")
	f.Fuzz(func(t *testing.T, value, msg string) {
		var r Redactor
		r.AddGuess("name", value)
		out := r.Redact(msg + value)
		v := strings.TrimSpace(value)
		if len([]rune(v)) >= 4 && !strings.ContainsAny(v, "*") && strings.Contains(out, v) {
			t.Fatalf("value %q survived in %q", v, out)
		}
	})
}
