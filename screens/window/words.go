package window

import (
	"fmt"
	"time"

	"hallkiosk/app"
	"hallkiosk/app/hall"
	"hallkiosk/app/journey"
	"hallkiosk/devices"
)

// screenTitles are the kiosk's screens as staff call them.
var screenTitles = map[string]string{
	string(app.ScreenAttract):   "待机画面（无人使用）",
	string(app.ScreenHome):      "首页",
	string(app.ScreenCategory):  "事项分类",
	string(app.ScreenSearch):    "搜索事项",
	string(app.ScreenService):   "事项详情",
	string(app.ScreenIDCard):    "刷身份证",
	string(app.ScreenFace):      "人脸核验",
	string(app.ScreenForm):      "填写表单",
	string(app.ScreenSMS):       "短信验证",
	string(app.ScreenMaterials): "拍照上传材料",
	string(app.ScreenConfirm):   "核对信息",
	string(app.ScreenResult):    "提交结果",
	string(app.ScreenRating):    "好差评",
	string(app.ScreenProgress):  "进度查询",
	string(app.ScreenLicenses):  "电子证照",
	string(app.ScreenFeedback):  "意见建议",
	string(app.ScreenCallStaff): "呼叫工作人员",
	string(app.ScreenEnding):    "结束办理",
}

// screenTitle names a kiosk screen.
func screenTitle(id string) string {
	if t, ok := screenTitles[id]; ok {
		return t
	}
	if id == "" {
		return "—"
	}
	return id
}

var deviceNames = map[devices.Kind]string{
	devices.KindIDCard:    "身份证读卡器",
	devices.KindReceipt:   "凭条打印机",
	devices.KindA4:        "A4打印机",
	devices.KindCamera:    "摄像头",
	devices.KindDocCamera: "高拍仪",
	devices.KindAudio:     "语音",
}

func deviceName(k devices.Kind) string {
	if n, ok := deviceNames[k]; ok {
		return n
	}
	return string(k)
}

// deviceState is a device's state in staff's words.
func deviceState(s devices.Status) string {
	var w string
	switch s.State {
	case devices.Online:
		w = "正常"
	case devices.Busy:
		w = "工作中"
	case devices.Offline:
		w = "离线"
	case devices.HardwareError:
		w = "故障，需维修"
	case devices.UserError:
		w = "需要处理"
	case devices.NoDevice:
		w = "未连接"
	default:
		w = string(s.State)
	}
	switch s.Paper {
	case devices.PaperOut:
		w += "（缺纸）"
	case devices.PaperNearEnd:
		w += "（纸将用完）"
	}
	return w
}

// deviceOK reports whether a device needs no attention.
func deviceOK(s devices.Status) bool {
	return (s.State == devices.Online || s.State == devices.Busy) && s.Paper != devices.PaperOut
}

var reasonNames = map[hall.CallReason]string{
	hall.ReasonCitizen:  "群众呼叫",
	hall.ReasonFailures: "连续三次未成功",
	hall.ReasonDevice:   "设备需要处理",
	hall.ReasonWitness:  "请求当面核验身份",
}

func reasonName(r hall.CallReason) string {
	if n, ok := reasonNames[r]; ok {
		return n
	}
	return string(r)
}

var busyWords = map[journey.Busy]string{
	journey.BusySubmit:   "正在提交",
	journey.BusyFace:     "正在核验人脸",
	journey.BusySMS:      "正在发送短信",
	journey.BusyCapture:  "正在拍照",
	journey.BusyRate:     "正在提交评价",
	journey.BusyRecords:  "正在查询",
	journey.BusyPreview:  "正在打开证照",
	journey.BusyPrint:    "正在打印",
	journey.BusyFeedback: "正在提交意见",
	journey.BusyCall:     "正在呼叫工作人员",
	journey.BusyGuide:    "正在打印网办明白卡",
}

var callWords = map[journey.CallState]string{
	journey.CallCalling:  "正在呼叫",
	journey.CallReached:  "已通知工作人员",
	journey.CallAccepted: "工作人员正在赶来",
	journey.CallNoLink:   "未能呼叫（已请群众到窗口）",
	journey.CallFailed:   "呼叫未送达（已请群众到窗口）",
}

// ago says how long ago t was: seconds in the first minute, then whole
// minutes (a calm screen that changes once a minute).
func ago(now, t time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d秒", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d分钟", int(d.Minutes()))
	}
	return fmt.Sprintf("%d小时%d分钟", int(d.Hours()), int(d.Minutes())%60)
}
