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
package pinyin
