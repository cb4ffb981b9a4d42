package privacy

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestMasks(t *testing.T) {
	cases := []struct{ got, want string }{
		{MaskID("11010519491231002X"), "110105********002X"},
		{MaskID("110105194912310021"), "110105********0021"},
		{MaskID("H12345678"), "*******78"},
		{MaskID(""), ""},
		{MaskName("张三丰"), "张*丰"},
		{MaskName("张三"), "张*"},
		{MaskName("欧阳娜娜"), "欧**娜"},
		{MaskName("阿依古丽·买买提"), "阿******提"},
		{MaskName("JOHN SMITH"), "J*** S****"},
		{MaskPhone("13812345678"), "138****5678"},
		{MaskAddress("北京市东城区景山前街4号"), "北京市东城区****"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestLogValuesNeverLeak(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	log.Info("card read", "id", ID("11010519491231002X"), "name", Name("张三丰"), "phone", Phone("13812345678"))
	out := buf.String() + fmt.Sprint(ID("11010519491231002X"), Name("张三丰"), Phone("13812345678"))
	for _, secret := range []string{"11010519491231002X", "张三丰", "13812345678"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q leaked: %s", secret, out)
		}
	}
}
