package ask

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// MaxQuestionRunes bounds a question: longer input is cut before it is
// ranked or counted.
const MaxQuestionRunes = 120

// synonyms maps the words people say to the one word the knowledge is
// indexed under (社会保险 → 社保, 咋办 → 怎么办), both in questions and in
// the knowledge, so either spelling finds the other. Several concepts are
// written as a word of their own: 材料 (要带什么, 准备啥), 时限 (多久, 几天),
// 费用 (多少钱, 收费).
var synonyms = map[string][]string{
	"社保":     {"社会保险", "社保险"},
	"公积金":    {"住房公积金", "公基金", "住房基金"},
	"身份证":    {"二代身份证", "居民身份证", "二代证", "身份证件", "身分证", "省份证"},
	"医保":     {"医疗保险", "医保险", "合作医疗", "新农合"},
	"养老金":    {"退休金", "退休工资", "养老钱", "退休费"},
	"养老保险":   {"养老险"},
	"材料":     {"要带什么材料", "需要什么材料", "要什么材料", "要带什么", "要带哪些", "带什么", "带啥", "要带啥", "准备什么", "准备啥", "准备哪些", "需要什么", "需要啥", "要什么", "要啥", "资料", "手续"},
	"时限":     {"多长时间", "多少时间", "多少天", "几个工作日", "要多久", "多久", "几天", "多快", "多会儿", "啥时候", "什么时候"},
	"到账":     {"到帐", "到卡", "打到卡", "钱到"},
	"办理":     {"怎么办理", "怎样办理", "如何办理", "咋办理", "怎么弄", "咋弄", "怎么搞", "咋搞", "怎么办", "咋办", "如何办", "怎么申请", "如何申请", "咋申请", "怎么操作", "流程", "步骤"},
	"补办":     {"补领", "重新办", "再办一个", "补一个", "补个"},
	"丢失":     {"丢了", "掉了", "不见了", "遗失", "弄丢", "丢掉", "找不到了"},
	"提取":     {"取出来", "取出", "提出来", "取钱", "提钱", "领出来", "拿出来", "套出来"},
	"异地":     {"外地", "外省", "跨省", "别的城市", "其他城市", "外市", "老家"},
	"转移":     {"转回来", "转回去", "转回", "转过去", "转过来", "转到", "转出", "转入", "迁过去", "转走", "接续"},
	"社保转移":   {"转社保", "社保转过去", "社保转回来"},
	"养老保险转移": {"转养老保险", "养老保险转过去", "养老保险转回来"},
	"企业开办":   {"注册公司", "成立公司", "办公司", "开公司", "开个公司", "开家公司", "开办企业", "开企业", "办企业", "注册企业"},
	"营业执照":   {"执照", "营业证"},
	"房产":     {"房子", "房屋", "房产登记"},
	"房产证":    {"房本", "房产证书", "不动产权证", "不动产证", "房屋产权证"},
	"费用":     {"多少钱", "要钱", "收费", "花钱", "收钱", "收不收钱", "收不收费", "交钱", "给钱"},
	"高龄津贴":   {"高龄补贴", "老人补贴", "老年补贴", "高龄补助", "老年人补贴", "老人津贴", "老年津贴", "高龄老人补贴"},
	"认证":     {"刷脸认证", "生存认证", "资格认证", "年审", "年检", "核对身份", "资格审核"},
	"看病":     {"就医", "看医生", "住院", "就诊"},
	"刻章":     {"刻公章", "刻印章", "公章刻制", "做公章", "刻个章"},
	"发票":     {"开票", "领票", "票据"},
	"缴费":     {"交费", "缴纳", "交社保", "缴社保", "缴钱", "续费"},
	"证明":     {"开证明", "证明材料", "证明书"},
	"老人":     {"老年人", "老人家", "父母", "爸妈", "老爸", "老妈", "我爸", "我妈", "爷爷", "奶奶"},
	"子女":     {"孩子", "儿子", "女儿", "小孩"},
	"上学":     {"入学", "读书", "念书", "上小学"},
	"进度":     {"办到哪了", "办得怎么样", "进展", "结果出来没"},
	"工作人员":   {"人工", "客服", "服务员"},
	"离职":     {"辞职", "不干了", "离开单位", "失业"},
	"居住证":    {"暂住证"},
	"余额":     {"还有多少钱", "剩多少"},
	"电子证照":   {"电子证件", "电子版证件"},
}

// fillers are the words that carry no meaning for finding an answer
// (请问, 我想, 吗); they become a gap, so no pair of characters spans them.
var fillers = []string{
	"请问一下", "请问", "我想问", "想问一下", "想问", "问一下", "我想", "我要", "想要", "一下", "怎么", "怎样", "如何", "什么", "咋", "啥",
	"吗", "呢", "啊", "吧", "呀", "哦", "嘛", "的", "了", "我", "您", "你们", "你", "能不能", "可不可以", "可以", "是不是",
	"应该", "需要", "要", "能", "都", "也", "去哪里", "去哪儿", "去哪", "在哪里", "在哪儿", "在哪", "哪里", "哪儿", "这个", "那个", "在这里", "这里", "这边", "一个", "现在", "得", "就",
}

// normalizer rewrites a text to the words the index uses: one pass,
// longest phrase first at every position (strings.Replacer compares in
// argument order).
var normalizer = func() *strings.Replacer {
	type pair struct{ from, to string }
	var pairs []pair
	for to, froms := range synonyms {
		// The word stands apart: no pair of characters joins it to its
		// neighbours, which would differ with the spelling replaced.
		pairs = append(pairs, pair{to, " " + to + " "})
		for _, f := range froms {
			pairs = append(pairs, pair{f, " " + to + " "})
		}
	}
	for _, f := range fillers {
		pairs = append(pairs, pair{f, " "})
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(pairs[i].from), utf8.RuneCountInString(pairs[j].from)
		if li != lj {
			return li > lj
		}
		return pairs[i].from < pairs[j].from
	})
	args := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		args = append(args, p.from, p.to)
	}
	return strings.NewReplacer(args...)
}()

// Normalize returns s as the index reads it: full-width forms folded,
// Latin lowercased, at most MaxQuestionRunes, synonyms replaced by their
// word and filler words by a space. It is what is counted of a question
// too (after masking, see Counter).
func Normalize(s string) string {
	s = clip(strings.ToValidUTF8(s, " "), MaxQuestionRunes*4)
	s = strings.ToLower(width.Fold.String(s))
	return normalizer.Replace(s)
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

// isHan reports a Chinese character.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// isWordRune reports a Latin letter or digit, kept as part of a word.
func isWordRune(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// The words materials and time questions are normalized to.
const (
	conceptMaterials = "材料"
	conceptTime      = "时限"
)
