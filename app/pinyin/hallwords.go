package pinyin

// hallWords are the everyday words people in a service hall use for its
// affairs — often shorter than the catalog's official names (社保缴费 for
// 城乡居民养老保险缴费) — offered like the catalog's words, in full or by
// their initials (sbjf → 社保缴费). The project's own list.
var hallWords = []string{
	"社保缴费", "社保查询", "社保卡", "社保转移", "养老保险", "医保缴费", "医保报销", "医保卡",
	"公积金提取", "公积金查询", "公积金贷款", "住房公积金", "身份证补办", "身份证换领", "居住证",
	"户口迁移", "户籍证明", "出生登记", "营业执照", "企业开办", "个体工商户", "不动产登记",
	"房产证明", "无房证明", "结婚登记", "退休认证", "养老金认证", "失业登记", "就业登记",
	"驾驶证", "行驶证", "出入境", "护照", "港澳通行证", "电子证照", "进度查询", "意见建议",
	"办事指南", "网上办理", "一网通办", "网办优先窗口", "好差评",
}
