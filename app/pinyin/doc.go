// Package pinyin is the kiosk's own pinyin input engine: it turns the
// letters a citizen types on the on-screen keyboard into candidate Chinese
// words and characters. Fyne on Linux has no working input method, so the
// keyboard asks this package instead. It never imports Fyne.
//
// # Data and licence
//
// The dictionary is pinyin_simp.dict.yaml from the Debian package
// rime-data-pinyin-simp (source rime/rime-pinyin-simp by GONG Chen,
// derived from the Android Open Source Project's PinyinIME; Apache License
// 2.0, see /usr/share/doc/rime-data-pinyin-simp/copyright). It is read at
// run time from DefaultPath and not copied into this repository. It holds
// about 65,000 lines of simplified text, toneless pinyin and a frequency
// weight: 17,000 single characters and 48,000 words of two to four
// characters, e.g.
//
//	身份证	shen fen zheng	3572
//
// Load keeps it in about 1.5 MB of heap: all texts in one string, all
// syllables as 16-bit IDs in one array, the entries sorted by their
// syllables so that a prefix of syllables is a contiguous range found by
// binary search (a trie flattened into arrays). A Dict is immutable and safe
// for concurrent use; the keyboard loads it on first use.
//
// # Input
//
// The citizen types lowercase letters, ü as v (lv → 绿, 旅), and may type an
// apostrophe to force a syllable boundary (xi'an → 西安 rather than 先).
// The input is matched as a sequence of pieces, each a whole syllable, an
// unfinished last syllable (shenfenzh → shen fen zh), or an initial (a
// letter, or zh, ch, sh) standing for a syllable (sfz → 身份证). Where the
// letters split several ways (xian, xi an), every split is tried;
// Syllables shows the one with the fewest unfinished pieces, then the
// fewest pieces.
//
// # Candidates
//
// Candidates ranks words spelled exactly by the whole input first, then
// words the input begins, then initials abbreviations, then words for the
// leading syllables only, each group by weight (see Candidates). Every
// candidate says how many input bytes it uses up: the keyboard commits the
// text, keeps the rest of the input and asks again, so a phrase can be
// built word by word or character by character (zhangsan → 张 uses 5, san
// remains → 三).
//
// This ranking, Dict.Candidates, is the engine as it was before field kinds;
// it stays as the baseline the evaluation compares against.
//
// # Engine, field kinds and sessions
//
// An Engine adds to the dictionary what a kiosk knows about the field being
// typed (see Session.Candidates for the exact ranking):
//
//   - Composition: when no single word spells the whole input, the best
//     split of it into words comes first — a lattice over the letters,
//     edges the entries spelled by whole syllables (the last may be
//     unfinished), cost -ln(weight/total) per word, the cheapest paths by a
//     small beam (jiefangdajie → 解放 + 大街, jianguolu → 建国 + 路).
//   - Field kinds (KindOf reads the form schema's type and prefill): a name
//     field composes whole names from a surname — by frequency, two-character
//     surnames (欧阳, 司马) included — and the characters and names common in
//     given names (zhouqiang → 周强); an address field adds China's
//     administrative divisions down to street level and road and building
//     words (路, 大道, 小区, 单元, 号楼), and the words of the address on the
//     citizen's card first; every field adds the catalog's service,
//     material and option names, in full or by initials (sbjf → 社保缴费),
//     given by Engine.WithCatalog whenever the catalog changes.
//   - A Session is one citizen: a word they commit (and a phrase they build
//     character by character from one typed string) ranks first when they
//     type it again; Session.Wipe forgets it all, and nothing is written to
//     disk.
//
// The name and address data (data/*.dict.yaml, about 37,000 entries, 1.1 MB
// of heap once parsed) are generated from public packages by data/gen.sh
// and embedded; data/README.md names their sources and licences. They are
// parsed by NewEngine, when the keyboard first opens, not at start.
package pinyin
