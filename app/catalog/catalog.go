// Package catalog holds the services (事项) the kiosk offers: the embedded
// demo catalog in the shape of shared/portal-api.md ServiceItem, lookups by
// code, audience and hotness, a search over names, and the one merged form of
// a package item (一表申请).
package catalog

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"hallkiosk/app/portal"
)

//go:embed demo.json
var demoJSON []byte

// Demo returns the embedded demo catalog, the same one the portal simulator
// serves.
func Demo() (portal.Catalog, error) {
	var c portal.Catalog
	if err := json.Unmarshal(demoJSON, &c); err != nil {
		return portal.Catalog{}, fmt.Errorf("catalog: decode demo: %w", err)
	}
	return c, nil
}

// DemoJSON returns the embedded demo catalog as the portal serves it.
func DemoJSON() []byte {
	out := make([]byte, len(demoJSON))
	copy(out, demoJSON)
	return out
}

// Catalog is an indexed, read-only view of a portal catalog.
type Catalog struct {
	version string
	items   []portal.ServiceItem
	byCode  map[string]int
	// spelled holds each item's name in pinyin: full ("shebao…") and
	// initials ("sb…"), for search from a Latin keyboard. It is made on
	// the first Latin search, off the kiosk's start.
	spelled func() []spelling
}

type spelling struct{ full, initials string }

// Speller writes Chinese texts in pinyin, one syllable per character (""
// for one it cannot spell); pinyin.Speller is the kiosk's.
type Speller interface {
	Spell(texts []string) ([][]string, error)
}

// New indexes c; sp spells the names in pinyin, on the first search from a
// Latin keyboard (nil, or a speller that fails: no pinyin search, the
// Chinese names and keywords still match). It rejects duplicate codes and
// packages that name unknown parts, so the UI never shows a dead end.
func New(c portal.Catalog, sp Speller) (*Catalog, error) {
	cat := &Catalog{version: c.Version, items: c.Items, byCode: make(map[string]int, len(c.Items))}
	for i, it := range c.Items {
		if it.Code == "" || it.Name == "" {
			return nil, fmt.Errorf("catalog: item %d: code and name are required", i)
		}
		if _, dup := cat.byCode[it.Code]; dup {
			return nil, fmt.Errorf("catalog: duplicate code %s", it.Code)
		}
		cat.byCode[it.Code] = i
	}
	cat.spelled = sync.OnceValue(func() []spelling { return spellNames(c.Items, sp) })
	for _, it := range c.Items {
		for _, part := range it.PackageOf {
			if _, ok := cat.byCode[part]; !ok {
				return nil, fmt.Errorf("catalog: %s: package part %s not in catalog", it.Code, part)
			}
		}
	}
	return cat, nil
}

// Version is the catalog version the portal reported.
func (c *Catalog) Version() string { return c.version }

// All returns every item in catalog order.
func (c *Catalog) All() []portal.ServiceItem { return c.items }

// Text is every piece of text the catalog shows (names, guides, labels,
// options, materials), run together: what the screens' font must cover.
func (c *Catalog) Text() string {
	var b strings.Builder
	for _, it := range c.items {
		b.WriteString(it.Name + it.Category + it.Guide + it.OnlineTimeLimit + it.OfflineTimeLimit)
		for _, f := range it.Form.Fields {
			b.WriteString(f.Label + strings.Join(f.Options, ""))
		}
		for _, m := range it.Materials {
			b.WriteString(m.Name + m.FromLicense)
		}
	}
	return b.String()
}

// Words returns the names a citizen may type on the pinyin keyboard:
// every service's name and category, and the names of its materials and of
// its fields' options, each once, in catalog order.
func (c *Catalog) Words() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, it := range c.items {
		add(it.Name)
		add(it.Category)
		for _, m := range it.Materials {
			add(m.Name)
		}
		for _, f := range it.Form.Fields {
			for _, o := range f.Options {
				add(o)
			}
		}
	}
	return out
}

// Get returns the item with code.
func (c *Catalog) Get(code string) (portal.ServiceItem, bool) {
	i, ok := c.byCode[code]
	if !ok {
		return portal.ServiceItem{}, false
	}
	return c.items[i], true
}

// Hot returns the items marked hot, in catalog order.
func (c *Catalog) Hot() []portal.ServiceItem {
	return c.filter(func(it portal.ServiceItem) bool { return it.Hot })
}

// ForAudience returns the items for "person" or "enterprise" that a citizen
// starts directly (package parts are reached through their package).
func (c *Catalog) ForAudience(audience string) []portal.ServiceItem {
	parts := c.packageParts()
	return c.filter(func(it portal.ServiceItem) bool {
		if parts[it.Code] {
			return false
		}
		for _, a := range it.Audience {
			if a == audience {
				return true
			}
		}
		return false
	})
}

// Search returns items matching every whitespace-separated term of query.
// A Chinese term matches the name, category or guide; a Latin term matches
// the name's pinyin, spelled out ("gongjijin") or by initials ("gjj").
// Names matching come before guides matching. An empty query finds nothing.
func (c *Catalog) Search(query string) []portal.ServiceItem {
	terms := strings.Fields(strings.ToLower(query))
	if len(terms) == 0 {
		return nil
	}
	var byName, byText []portal.ServiceItem
	var spell []spelling
	for i, it := range c.items {
		nameHit, textHit := true, true
		for _, t := range terms {
			if isLatin(t) {
				if spell == nil {
					spell = c.spelled()
				}
				hit := strings.Contains(spell[i].full, t) || strings.Contains(spell[i].initials, t)
				nameHit = nameHit && hit
				textHit = textHit && hit
				continue
			}
			nameHit = nameHit && strings.Contains(it.Name, t)
			textHit = textHit && strings.Contains(it.Name+" "+it.Category+" "+it.Guide, t)
		}
		switch {
		case nameHit:
			byName = append(byName, it)
		case textHit:
			byText = append(byText, it)
		}
	}
	return append(byName, byText...)
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > 0x7F {
			return false
		}
	}
	return true
}

// spellNames writes every item's name in pinyin without tones, in full and
// as initials; an empty spelling for every item when sp cannot.
func spellNames(items []portal.ServiceItem, sp Speller) []spelling {
	out := make([]spelling, len(items))
	if sp == nil {
		return out
	}
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Name
	}
	spelled, err := sp.Spell(names)
	if err != nil || len(spelled) != len(items) {
		return out
	}
	for i, name := range names {
		var full, initials strings.Builder
		syl := spelled[i]
		for j, r := range []rune(name) {
			switch {
			case j < len(syl) && syl[j] != "":
				full.WriteString(syl[j])
				initials.WriteByte(syl[j][0])
			case r < 0x80:
				full.WriteRune(r)
				initials.WriteRune(r)
			}
		}
		out[i] = spelling{full: strings.ToLower(full.String()), initials: strings.ToLower(initials.String())}
	}
	return out
}

// Parts returns the items a package item bundles, in order; nil for a
// plain item.
func (c *Catalog) Parts(it portal.ServiceItem) []portal.ServiceItem {
	var out []portal.ServiceItem
	for _, code := range it.PackageOf {
		if p, ok := c.Get(code); ok {
			out = append(out, p)
		}
	}
	return out
}

// FormOf returns the one form to show for it. For a package item it is the
// union of its parts' fields, each key asked once, in first-seen order, with
// a field required when any part requires it.
func (c *Catalog) FormOf(it portal.ServiceItem) portal.Form {
	if len(it.PackageOf) == 0 {
		return it.Form
	}
	var fields []portal.Field
	seen := map[string]int{}
	for _, f := range it.Form.Fields {
		seen[f.Key] = len(fields)
		fields = append(fields, f)
	}
	for _, p := range c.Parts(it) {
		for _, f := range p.Form.Fields {
			if i, ok := seen[f.Key]; ok {
				fields[i].Required = fields[i].Required || f.Required
				continue
			}
			seen[f.Key] = len(fields)
			fields = append(fields, f)
		}
	}
	return portal.Form{Fields: fields}
}

// MaterialsOf returns the materials to collect for it, merging a package's
// parts by material code.
func (c *Catalog) MaterialsOf(it portal.ServiceItem) []portal.Material {
	if len(it.PackageOf) == 0 {
		return it.Materials
	}
	var out []portal.Material
	seen := map[string]bool{}
	for _, src := range append([]portal.ServiceItem{it}, c.Parts(it)...) {
		for _, m := range src.Materials {
			if !seen[m.Code] {
				seen[m.Code] = true
				out = append(out, m)
			}
		}
	}
	return out
}

func (c *Catalog) filter(keep func(portal.ServiceItem) bool) []portal.ServiceItem {
	var out []portal.ServiceItem
	for _, it := range c.items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

func (c *Catalog) packageParts() map[string]bool {
	parts := map[string]bool{}
	for _, it := range c.items {
		for _, p := range it.PackageOf {
			parts[p] = true
		}
	}
	return parts
}
