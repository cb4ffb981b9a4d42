package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"hallkiosk/app/catalog"
	"hallkiosk/app/pinyin"
	"hallkiosk/app/portal"
)

const pinyinUsage = `usage: hallkiosk pinyin [--field name|address|text] [--json] [--dict FILE] INPUT...`

// pinyinShown is how many candidates the command prints per input.
const pinyinShown = 10

// cmdPinyin runs `hallkiosk pinyin`: the first ten candidates of the
// kiosk's pinyin keyboard for each INPUT, as a field of the given kind
// would show them in a fresh session, one line per input ("input: 周强 周墙
// …"), or with --json one JSON list of strings per line. The catalog's
// words come from the cached catalog in --data when given, else the
// embedded demo catalog. It also tells an installer that the dictionary is
// there: exit 0 ok, 1 dictionary missing or unreadable, 2 usage.
func cmdPinyin(_ context.Context, e *env, args []string) int {
	fs := e.flags("pinyin")
	field := fs.String("field", "text", "field kind: name, address or text")
	asJSON := fs.Bool("json", false, "print each input's candidates as a JSON list of strings")
	dict := fs.String("dict", pinyin.DefaultPath, "the pinyin dictionary (Debian package "+pinyin.DebianPackage+")")
	inputs, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	kind, err := pinyin.ParseKind(*field)
	if err != nil {
		fmt.Fprintf(e.stderr, "hallkiosk: %v\n%s\n", err, pinyinUsage)
		return exitUsage
	}
	if len(inputs) == 0 {
		fmt.Fprintf(e.stderr, "hallkiosk: pinyin: no INPUT given\n%s\n", pinyinUsage)
		return exitUsage
	}
	eng, err := pinyin.LoadEngine(*dict)
	if err != nil {
		return e.fail("%v", err)
	}
	words, err := pinyinCatalogWords(e.dataDir)
	if err != nil {
		return e.fail("pinyin: %v", err)
	}
	eng = eng.WithCatalog(words)
	for _, in := range inputs {
		cands := eng.NewSession().Candidates(pinyin.Field{Kind: kind}, in, pinyinShown)
		texts := make([]string, 0, len(cands))
		for _, c := range cands {
			texts = append(texts, c.Text)
		}
		if *asJSON {
			b, err := json.Marshal(texts)
			if err != nil {
				return e.fail("pinyin: %v", err)
			}
			fmt.Fprintln(e.stdout, string(b))
			continue
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", in, strings.Join(texts, " "))
	}
	return exitOK
}

// pinyinCatalogWords returns the catalog's words: the cached catalog in
// dataDir if there is one, else the embedded demo catalog.
func pinyinCatalogWords(dataDir string) ([]string, error) {
	var known portal.Catalog
	cached := false
	if dataDir != "" {
		known, _, cached = catalog.LoadCache(filepath.Join(dataDir, "catalog.json"))
	}
	if !cached {
		var err error
		if known, err = catalog.Demo(); err != nil {
			return nil, err
		}
	}
	cat, err := catalog.New(known, nil)
	if err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	return cat.Words(), nil
}
