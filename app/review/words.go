package review

import (
	"fmt"
	"strconv"
	"strings"

	"hallkiosk/app/journey"
	"hallkiosk/app/portal"
)

// Names turns the figures' codes into the words of the report.
type Names struct {
	// Service returns a service's name; nil or "" leaves the code.
	Service func(code string) string
}

// ServiceNames are the names of a catalog's services (*catalog.Catalog
// has Get).
func ServiceNames(cat interface {
	Get(code string) (portal.ServiceItem, bool)
}) Names {
	return Names{Service: func(code string) string {
		if it, ok := cat.Get(code); ok {
			return it.Name
		}
		return ""
	}}
}

// Name is the service's name, its code when it has none.
func (n Names) Name(code string) string { return n.service(code) }

func (n Names) service(code string) string {
	if n.Service != nil {
		if s := n.Service(code); s != "" {
			return s
		}
	}
	return code
}

// StepWords are a journey step's words in the report.
func StepWords(step string) string {
	kind, field, _ := strings.Cut(step, ":")
	switch kind {
	case "identify":
		return "刷身份证"
	case "face":
		return "核验本人"
	case "field":
		n, _ := strconv.Atoi(field)
		return "填第" + chineseNumber(n+1) + "项"
	case "sms":
		return "短信验证"
	case "materials":
		return "上传材料"
	case "review":
		return "核对信息"
	case "result":
		return "提交成功"
	case "rate":
		return "评价"
	case "records":
		return "查看结果"
	case "topic":
		return "选择主题"
	case "phrase":
		return "选择内容"
	case "done":
		return "已提交"
	}
	return step
}

// JourneyWords name a journey.
func JourneyWords(j string) string {
	switch j {
	case "apply":
		return "办事"
	case "progress":
		return "进度查询"
	case "licenses":
		return "电子证照"
	case "feedback":
		return "意见建议"
	}
	return j
}

// ReasonWords are a 差评 reason's words.
func ReasonWords(code string) string {
	for _, r := range journey.RatingReasons() {
		if r.Code == code {
			return r.Name
		}
	}
	return code
}

// TopicWords are a feedback topic's words.
func TopicWords(code string) string {
	for _, t := range journey.FeedbackTopics() {
		if t.Code == code {
			return t.Name
		}
	}
	return code
}

// FaultWords are a fault ("receipt:hardware_error") in words.
func FaultWords(code string) string {
	dev, state, _ := strings.Cut(code, ":")
	devs := map[string]string{"idcard": "身份证阅读器", "receipt": "凭条打印机", "a4": "A4打印机", "camera": "摄像头",
		"doc_camera": "高拍仪", "audio": "语音播报"}
	states := map[string]string{"hardware_error": "硬件故障", "offline": "离线", "user_error": "需人工处理（如缺纸）"}
	d, s := devs[dev], states[state]
	if d == "" {
		d = dev
	}
	if s == "" {
		s = state
	}
	return d + " " + s
}

// chineseNumber writes 1…99 in Chinese numerals (the charts' words carry
// no Latin digits).
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 0 || n > 99:
		return fmt.Sprint(n)
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + strings.TrimPrefix(digits[n%10], "零")
	}
	s := digits[n/10] + "十"
	if n%10 != 0 {
		s += digits[n%10]
	}
	return s
}
