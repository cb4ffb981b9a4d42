package ask

import (
	"fmt"

	"hallkiosk/app/pinyin"
)

// loadReadings loads the pinyin dictionary at path (pinyin.DefaultPath
// when empty) and keeps only each character's reading, letting the
// dictionary go.
func loadReadings(path string) (map[rune]string, error) {
	if path == "" {
		path = pinyin.DefaultPath
	}
	d, err := pinyin.Load(path)
	if err != nil {
		return nil, fmt.Errorf("ask: readings: %w", err)
	}
	return d.Readings(), nil
}
