package ask

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"hallkiosk/app/catalog"
	"hallkiosk/app/portal"
)

// Kind says where an entry's answer comes from.
type Kind string

// Kinds of entries: the portal's FAQ, and three made of each catalog
// service (its guide, its materials, its time limits).
const (
	KindFAQ       Kind = "faq"
	KindGuide     Kind = "guide"
	KindMaterials Kind = "materials"
	KindTime      Kind = "time"
)

// Entry is one question the kiosk can answer.
type Entry struct {
	// ID is the FAQ item's id, or "CODE/guide", "CODE/materials",
	// "CODE/time" for a catalog service's.
	ID       string `json:"id"`
	Kind     Kind   `json:"kind"`
	Question string `json:"question"`
	Answer   string `json:"answer"`
	// ServiceCode is the service the answer leads to ("现在就办"), "" for
	// none; ServiceName is its name.
	ServiceCode string `json:"service_code,omitempty"`
	ServiceName string `json:"service_name,omitempty"`
	// Category is the service's category (社会保障, 住房公积金), "" for none.
	Category string   `json:"category,omitempty"`
	Keywords []string `json:"keywords,omitempty"`
	// MobileURL is the service in the phone app ("用手机办"), "" for none.
	MobileURL string `json:"mobile_url,omitempty"`
}

//go:embed demo_faq.json
var demoFAQJSON []byte

// DemoFAQ returns the embedded demo FAQ, the one the portal simulator
// serves.
func DemoFAQ() (portal.FAQ, error) {
	var f portal.FAQ
	if err := json.Unmarshal(demoFAQJSON, &f); err != nil {
		return portal.FAQ{}, fmt.Errorf("ask: decode demo faq: %w", err)
	}
	return f, nil
}

// DemoFAQJSON returns the embedded demo FAQ as the portal serves it.
func DemoFAQJSON() []byte { return append([]byte(nil), demoFAQJSON...) }

// MaxFAQItems bounds the FAQ items indexed: a portal that sends more is
// cut there (an index of 5,000 entries stays within a few MB and ranks in a
// few milliseconds).
const MaxFAQItems = 5000

// Knowledge is every entry the kiosk can answer from: the FAQ's items
// first (a service they name that the catalog lacks is dropped from the
// item, never offered as "现在就办"), then each catalog service's guide,
// materials and time limits. cat may be nil (the FAQ alone).
func Knowledge(faq portal.FAQ, cat *catalog.Catalog) []Entry {
	var out []Entry
	items := faq.Items
	if len(items) > MaxFAQItems {
		items = items[:MaxFAQItems]
	}
	for _, it := range items {
		e := Entry{ID: it.ID, Kind: KindFAQ, Question: it.Question, Answer: it.Answer, Keywords: it.Keywords}
		var names []string
		for _, code := range it.ServiceCodes {
			if cat == nil {
				break
			}
			svc, ok := cat.Get(code)
			if !ok {
				continue
			}
			if e.ServiceCode == "" {
				e.ServiceCode, e.MobileURL, e.Category = svc.Code, svc.MobileURL, svc.Category
			}
			names = append(names, svc.Name)
		}
		e.ServiceName = strings.Join(names, " ")
		if len(names) > 1 {
			e.ServiceName = names[0]
			e.Keywords = append(append([]string(nil), e.Keywords...), names[1:]...)
		}
		out = append(out, e)
	}
	if cat == nil {
		return out
	}
	for _, it := range cat.All() {
		base := Entry{ServiceCode: it.Code, ServiceName: it.Name, MobileURL: it.MobileURL, Category: it.Category,
			Keywords: []string{it.Category}}
		g := base
		g.ID, g.Kind = it.Code+"/guide", KindGuide
		g.Question = it.Name + "怎么办理？"
		g.Answer = it.Guide
		if parts := cat.Parts(it); len(parts) > 0 {
			var names []string
			for _, p := range parts {
				names = append(names, p.Name)
			}
			g.Answer += "一次办好：" + strings.Join(names, "、") + "。"
		}
		m := base
		m.ID, m.Kind = it.Code+"/materials", KindMaterials
		m.Question = it.Name + "要带什么材料？"
		m.Answer = materialsAnswer(it, cat.MaterialsOf(it))
		t := base
		t.ID, t.Kind = it.Code+"/time", KindTime
		t.Question = it.Name + "要多久？"
		t.Answer = timeAnswer(it)
		out = append(out, g, m, t)
	}
	return out
}

// materialsAnswer says what to bring for it.
func materialsAnswer(it portal.ServiceItem, ms []portal.Material) string {
	id := "带上身份证"
	if !it.RequiresIdentity && !it.RequiresFace {
		id = "按屏幕提示填写"
	}
	if len(ms) == 0 {
		return fmt.Sprintf("办理“%s”不用交材料，%s就能办。", it.Name, id)
	}
	var lines []string
	for i, m := range ms {
		line := fmt.Sprintf("%d. %s", i+1, m.Name)
		if !m.Required {
			line += "（按情况提供）"
		}
		if m.FromLicense != "" {
			line += "（可调取电子证照，不用带纸质的）"
		}
		lines = append(lines, line)
	}
	return fmt.Sprintf("办理“%s”要准备这些材料，在本机拍照上传即可，另外%s：\n%s", it.Name, id, strings.Join(lines, "\n"))
}

// timeAnswer says how long it takes online and at a counter.
func timeAnswer(it portal.ServiceItem) string {
	online, offline := it.OnlineTimeLimit, it.OfflineTimeLimit
	switch {
	case online == "" && offline == "":
		return fmt.Sprintf("“%s”的办理时间以窗口告知为准，可以拨打12345咨询。", it.Name)
	case online == "即办":
		return fmt.Sprintf("“%s”在本机网上办当场办结；到窗口办要%s。", it.Name, offline)
	}
	return fmt.Sprintf("“%s”在本机网上办要%s，到窗口办要%s。办好后会短信通知您，也可以在首页“进度查询”里看。", it.Name, online, offline)
}
