package catalog

import (
	"testing"

	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
)

func demo(t *testing.T) *Catalog {
	t.Helper()
	c, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := New(c, pinyin.Speller{})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func TestDemoCatalogHasTheRequiredServices(t *testing.T) {
	cat := demo(t)
	if n := len(cat.All()); n < 12 {
		t.Fatalf("demo catalog has %d items, want at least 12", n)
	}
	for _, name := range []string{"企业开办", "城乡居民养老保险缴费", "住房公积金提取", "不动产登记信息查询",
		"养老金领取资格认证", "养老保险关系转移接续", "居民身份证补领预约"} {
		if len(cat.Search(name)) == 0 {
			t.Errorf("demo catalog lacks %s", name)
		}
	}
	for _, it := range cat.All() {
		if it.OnlineTimeLimit == "" || it.OfflineTimeLimit == "" || it.Guide == "" {
			t.Errorf("%s: time limits and guide are required", it.Code)
		}
		if len(it.PackageOf) == 0 && len(it.Form.Fields) == 0 {
			t.Errorf("%s: a plain item needs a form", it.Code)
		}
	}
}

func TestPackageFormAsksEachFieldOnce(t *testing.T) {
	cat := demo(t)
	var pkg portal.ServiceItem
	for _, it := range cat.All() {
		if it.Name == "企业开办" {
			pkg = it
		}
	}
	if len(pkg.PackageOf) != 4 {
		t.Fatalf("企业开办 bundles %d items, want 4", len(pkg.PackageOf))
	}
	form := cat.FormOf(pkg)
	seen := map[string]bool{}
	for _, f := range form.Fields {
		if seen[f.Key] {
			t.Errorf("field %s asked twice", f.Key)
		}
		seen[f.Key] = true
	}
	for _, key := range []string{"company_name", "seal_kinds", "taxpayer_kind", "bank_account", "legal_rep_id"} {
		if !seen[key] {
			t.Errorf("merged form lacks %s", key)
		}
	}
	if len(cat.MaterialsOf(pkg)) != 2 {
		t.Errorf("merged materials = %v", cat.MaterialsOf(pkg))
	}
}

func TestAudienceHidesPackageParts(t *testing.T) {
	cat := demo(t)
	for _, it := range cat.ForAudience(portal.AudienceEnterprise) {
		if it.Code == "QYKB-0102" {
			t.Fatal("package part listed on its own")
		}
	}
	if len(cat.ForAudience(portal.AudiencePerson)) < 8 {
		t.Fatal("too few personal services")
	}
}

func TestNewRejectsBrokenCatalogs(t *testing.T) {
	for name, c := range map[string]portal.Catalog{
		"duplicate": {Items: []portal.ServiceItem{{Code: "A", Name: "a"}, {Code: "A", Name: "b"}}},
		"dangling":  {Items: []portal.ServiceItem{{Code: "A", Name: "a", PackageOf: []string{"B"}}}},
		"nameless":  {Items: []portal.ServiceItem{{Code: "A"}}},
	} {
		if _, err := New(c, nil); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestSearchByChineseAndPinyin(t *testing.T) {
	cat := demo(t)
	first := func(q string) string {
		res := cat.Search(q)
		if len(res) == 0 {
			return ""
		}
		return res[0].Name
	}
	cases := map[string]string{
		"公积金":       "住房公积金提取",
		"gjj":       "住房公积金提取",
		"gongjijin": "住房公积金提取",
		"bdc":       "不动产登记信息查询",
		"身份证":       "居民身份证补领预约",
		"qykb":      "企业开办",
	}
	for q, want := range cases {
		if got := first(q); got != want {
			t.Errorf("Search(%q) first = %q, want %q", q, got, want)
		}
	}
	if len(cat.Search("")) != 0 || len(cat.Search("zzzz")) != 0 {
		t.Error("empty or nonsense query found something")
	}
}

func TestWordsForThePinyinKeyboard(t *testing.T) {
	c, err := Demo()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := New(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	words := cat.Words()
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			t.Errorf("Words has %s twice", w)
		}
		seen[w] = true
	}
	for _, w := range []string{"城乡居民养老保险缴费", "市场主体", "公司章程", "偿还住房贷款"} {
		if !seen[w] {
			t.Errorf("Words lacks %s", w)
		}
	}
}
