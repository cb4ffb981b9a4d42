// Package ask is the kiosk's 智能客服: it answers a citizen's question in
// plain words from the portal's FAQ (GET /api/v1/faq) and from the catalog
// (each service's guide, materials and time limits), offers the service the
// answer is about, and counts what was asked without personal data. It never
// imports Fyne; screens/ask.go draws it.
//
// # Knowledge
//
// Knowledge turns the FAQ and the catalog into Entries: the FAQ's items
// first, then three per service ("X怎么办理？" with its guide, "X要带什么材料？"
// with its materials, "X要多久？" with its time online and at a counter). The
// Keeper keeps the FAQ as last received in a cache file with its ETag, asks
// the portal for a newer one every half hour (a 304 costs nothing), and
// builds the index on its own goroutine, never on the first frame's path; the
// Desk adopts a newer index at once on an idle kiosk and otherwise between
// two citizens (Desk.Between on the session's wipe), like the catalog.
//
// # Ranking
//
// Chinese is written without spaces, so the index does not look for words:
// it ranks entries by BM25F over the pairs of adjacent characters (the
// classic CJK bigram indexing of Lucene's CJKAnalyzer and bleve's cjk
// analyzer), single characters at a low weight, and pairs of adjacent
// syllables of the characters' pinyin (pinyin.Dict.Readings): a citizen who
// picked the wrong candidate on the pinyin keyboard (公鸡金, 身分证, 居主证)
// still finds the entry by its sound. Fields weigh differently: question 3,
// keywords 2.5, service name 1.5, answer 1. A token's document frequency
// counts entries with it in their question, keywords or service name, and
// a quarter for those with it only in their answer, so the words every
// answer uses (身份证, 办理) do not drown the words that tell questions apart.
//
// Before tokens are made, a text is normalized (Normalize): full-width forms
// folded, then, longest phrase first, the hall's everyday words replaced by
// the one word the index uses (社会保险 → 社保, 住房公积金 → 公积金, 二代证 →
// 身份证, 咋办 → 办理, 掉了 → 丢失), the questions people ask about a service
// by a concept word (要带什么/准备啥 → 材料, 多久/几天 → 时限, 多少钱 → 费用),
// and filler words (请问, 我想, 吗, 的) by a gap. A question about a service
// that asks neither for materials nor time gets the service's guide before
// its materials and time entries.
//
// Why not a library: bleve/v2 with its cjk analyzer ranks the same bigrams,
// but measured here with 2,000 entries of this kind in a memory-only index it
// took 18 s to build under load, held 81 MB of heap and added 19 MB to a
// binary (27 modules); gojieba segments well but needs cgo and C++, loads its
// dictionaries in 4.4 s and holds 150 MB resident, and would still need a
// ranking on top. This index builds 2,000 entries in about a quarter of a
// second and holds about 3 MB with the readings (see the benchmarks).
//
// testdata/eval.tsv holds more than a hundred questions as people ask them,
// colloquial words and pinyin-candidate typos among them, with the entries
// that answer them; TestEvaluation requires the right entry first for 85%
// and among the first three for 95%.
//
// # Counting without personal data
//
// Desk.Ask masks a question before the Counter sees it (Mask: ID and phone
// numbers by their shape, the citizen's own name and card values through a
// privacy.Redactor); the Counter keeps at most 500 masked questions of at most
// 40 characters, how often each was asked, left without a sure answer
// (coverage below MinCoverage) or answered without help (没帮助), and per
// entry how often it was shown first and rated 有帮助/没帮助.
package ask
