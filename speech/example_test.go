package speech_test

import (
	"context"
	"fmt"

	"hallkiosk/speech"
	"hallkiosk/speech/speechtest"
)

func ExampleIDNumber() {
	fmt.Println(speech.IDNumber("11010519491231002X"))
	fmt.Println(speech.Phone("13812345678"))
	fmt.Println(speech.Code("SL2024031500012"))
	// Output:
	// 一 一 零 一 零 五，一 九 四 九 一 二 三 一，零 零 二 叉
	// 幺 三 八，幺 二 三 四，五 六 七 八
	// S L 二 零，二 四 零 三，一 五 零 零，零 一 二
}

// A screen's entry is one Say: it cuts what the last screen was saying.
// Personal data goes in a Private utterance.
func ExampleSpeaker_Say() {
	rec := speechtest.NewRecorder()
	sp, _ := speech.NewSpeaker(context.Background(), speech.Options{
		Engine: speechtest.NewEngine(), Sink: speechtest.NewSink(), OnEvent: rec.Observe,
	})
	defer sp.Close()

	sp.Say(context.Background(),
		speech.Utterance{Text: "请核对您的信息"},
		speech.Utterance{Text: "第2步，共4步"},
		speech.Utterance{Text: "身份证号码 " + speech.IDNumber("11010519491231002X"), Private: true},
	)
	fmt.Println(rec.Said())
	// Output:
	// [请核对您的信息 第2步，共4步 身份证号码 一 一 零 一 零 五，一 九 四 九 一 二 三 一，零 零 二 叉]
}
