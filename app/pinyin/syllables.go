package pinyin

import "slices"

// spellings is every syllable the dictionary may use, sorted bytewise. A
// syllable's ID is its index here, so the syllables that start with a given
// prefix ("zh", "s") form one contiguous range of IDs. ü is spelled v (lv,
// nv), except in lue and nue where the dictionary writes u.
//
// The list is the set of syllables used by rime-data-pinyin-simp: the usual
// standard syllables plus a few interjections and rare readings (hm, m, n,
// ng, fiao, kei, tei, den, zhei, shei).
var spellings = [...]string{
	"a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben",
	"beng", "bi", "bian", "biao", "bie", "bin", "bing", "bo", "bu", "ca", "cai", "can",
	"cang", "cao", "ce", "cen", "ceng", "cha", "chai", "chan", "chang", "chao", "che", "chen",
	"cheng", "chi", "chong", "chou", "chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo",
	"ci", "cong", "cou", "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan", "dang",
	"dao", "de", "dei", "den", "deng", "di", "dia", "dian", "diao", "die", "ding", "diu",
	"dong", "dou", "du", "duan", "dui", "dun", "duo", "e", "ei", "en", "eng", "er",
	"fa", "fan", "fang", "fei", "fen", "feng", "fiao", "fo", "fou", "fu", "ga", "gai",
	"gan", "gang", "gao", "ge", "gei", "gen", "geng", "gong", "gou", "gu", "gua", "guai",
	"guan", "guang", "gui", "gun", "guo", "ha", "hai", "han", "hang", "hao", "he", "hei",
	"hen", "heng", "hm", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui", "hun",
	"huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin", "jing", "jiong", "jiu", "ju",
	"juan", "jue", "jun", "ka", "kai", "kan", "kang", "kao", "ke", "kei", "ken", "keng",
	"kong", "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun", "kuo", "la", "lai",
	"lan", "lang", "lao", "le", "lei", "leng", "li", "lia", "lian", "liang", "liao", "lie",
	"lin", "ling", "liu", "lo", "long", "lou", "lu", "luan", "lue", "lun", "luo", "lv",
	"m", "ma", "mai", "man", "mang", "mao", "me", "mei", "men", "meng", "mi", "mian",
	"miao", "mie", "min", "ming", "miu", "mo", "mou", "mu", "n", "na", "nai", "nan",
	"nang", "nao", "ne", "nei", "nen", "neng", "ng", "ni", "nian", "niang", "niao", "nie",
	"nin", "ning", "niu", "nong", "nou", "nu", "nuan", "nue", "nuo", "nv", "o", "ou",
	"pa", "pai", "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian", "piao", "pie",
	"pin", "ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie", "qin",
	"qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang", "rao", "re", "ren",
	"reng", "ri", "rong", "rou", "ru", "ruan", "rui", "run", "ruo", "sa", "sai", "san",
	"sang", "sao", "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei",
	"shen", "sheng", "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun", "shuo",
	"si", "song", "sou", "su", "suan", "sui", "sun", "suo", "ta", "tai", "tan", "tang",
	"tao", "te", "tei", "teng", "ti", "tian", "tiao", "tie", "ting", "tong", "tou", "tu",
	"tuan", "tui", "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo",
	"wu", "xi", "xia", "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu",
	"xuan", "xue", "xun", "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo",
	"yong", "you", "yu", "yuan", "yue", "yun", "za", "zai", "zan", "zang", "zao", "ze",
	"zei", "zen", "zeng", "zha", "zhai", "zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng",
	"zhi", "zhong", "zhou", "zhu", "zhua", "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi",
	"zong", "zou", "zu", "zuan", "zui", "zun", "zuo",
}

// maxSpelling is the length of the longest spelling (chuang, shuang, zhuang).
const maxSpelling = 6

// spellingCodes holds each spelling's code, in the same (ascending) order.
var spellingCodes = func() (c [len(spellings)]uint32) {
	for i, s := range spellings {
		c[i], _ = spellingCode([]byte(s))
	}
	return c
}()

// spellingCode packs up to maxSpelling letters a–z into 5 bits each, first
// letter highest, padded with zero bits: codes sort as the spellings do, and
// the codes of the spellings that start with p are those from p's code
// below p's code plus 1<<(5*(maxSpelling-len(p))).
func spellingCode(s []byte) (uint32, bool) {
	if len(s) == 0 || len(s) > maxSpelling {
		return 0, false
	}
	var c uint32
	for _, b := range s {
		if b < 'a' || b > 'z' {
			return 0, false
		}
		c = c<<5 | uint32(b-'a'+1)
	}
	return c << (5 * (maxSpelling - len(s))), true
}

// syllableID returns the ID of the syllable spelled s.
func syllableID(s []byte) (int, bool) {
	c, ok := spellingCode(s)
	if !ok {
		return 0, false
	}
	return slices.BinarySearch(spellingCodes[:], c)
}

// prefixRange returns the IDs [lo, hi) of the syllables that start with p;
// lo == hi if none does.
func prefixRange(p []byte) (lo, hi int) {
	c, ok := spellingCode(p)
	if !ok {
		return 0, 0
	}
	lo, _ = slices.BinarySearch(spellingCodes[:], c)
	hi, _ = slices.BinarySearch(spellingCodes[:], c+1<<(5*(maxSpelling-len(p))))
	return lo, hi
}

// The sort key of an entry (see sortKey) holds a syllable ID plus one in 9 bits.
var _ = [511 - len(spellings)]struct{}{}
