package idcard

// NationName returns the name of a two-digit ethnic group code of a resident
// card: the 56 groups of GB/T 3304 plus 97 其他 and 98 外国血统中国籍人士.
// Table from cdGH/Ids SAMSerial.cs GetNationText and lochyhuang
// IDCardData.java getNation (the two agree).
func NationName(code string) (string, bool) {
	switch code {
	case "01":
		return "汉", true
	case "02":
		return "蒙古", true
	case "03":
		return "回", true
	case "04":
		return "藏", true
	case "05":
		return "维吾尔", true
	case "06":
		return "苗", true
	case "07":
		return "彝", true
	case "08":
		return "壮", true
	case "09":
		return "布依", true
	case "10":
		return "朝鲜", true
	case "11":
		return "满", true
	case "12":
		return "侗", true
	case "13":
		return "瑶", true
	case "14":
		return "白", true
	case "15":
		return "土家", true
	case "16":
		return "哈尼", true
	case "17":
		return "哈萨克", true
	case "18":
		return "傣", true
	case "19":
		return "黎", true
	case "20":
		return "傈僳", true
	case "21":
		return "佤", true
	case "22":
		return "畲", true
	case "23":
		return "高山", true
	case "24":
		return "拉祜", true
	case "25":
		return "水", true
	case "26":
		return "东乡", true
	case "27":
		return "纳西", true
	case "28":
		return "景颇", true
	case "29":
		return "柯尔克孜", true
	case "30":
		return "土", true
	case "31":
		return "达斡尔", true
	case "32":
		return "仫佬", true
	case "33":
		return "羌", true
	case "34":
		return "布朗", true
	case "35":
		return "撒拉", true
	case "36":
		return "毛南", true
	case "37":
		return "仡佬", true
	case "38":
		return "锡伯", true
	case "39":
		return "阿昌", true
	case "40":
		return "普米", true
	case "41":
		return "塔吉克", true
	case "42":
		return "怒", true
	case "43":
		return "乌孜别克", true
	case "44":
		return "俄罗斯", true
	case "45":
		return "鄂温克", true
	case "46":
		return "德昂", true
	case "47":
		return "保安", true
	case "48":
		return "裕固", true
	case "49":
		return "京", true
	case "50":
		return "塔塔尔", true
	case "51":
		return "独龙", true
	case "52":
		return "鄂伦春", true
	case "53":
		return "赫哲", true
	case "54":
		return "门巴", true
	case "55":
		return "珞巴", true
	case "56":
		return "基诺", true
	case "97":
		return "其他", true
	case "98":
		return "外国血统中国籍人士", true
	}
	return "", false
}

// NationCode returns the two-digit code of an ethnic group's name, the
// inverse of NationName.
func NationCode(name string) (string, bool) {
	for i := 1; i <= 98; i++ {
		code := string([]byte{byte('0' + i/10), byte('0' + i%10)})
		if n, ok := NationName(code); ok && n == name {
			return code, true
		}
	}
	return "", false
}
