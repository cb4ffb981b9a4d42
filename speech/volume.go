package speech

import "math"

// Volume steps. The kiosk's speaker volume goes in ten steps of 2.5 dB
// (a range of 22.5 dB, more than the 18 dB EN 301 549 8.2.1 asks for); the
// default is a safe middle step that installers calibrate to 65 dBA or less
// at the citizen's ear with the amplifier (EN 5.1.3.12, 5.1.3.13).
const (
	MinVolume     = 1
	MaxVolume     = 10
	DefaultVolume = 5
	// VolumeStepDB is the loudness difference between two steps.
	VolumeStepDB = 2.5
)

// ClampVolume puts step into [MinVolume, MaxVolume].
func ClampVolume(step int) int { return min(max(step, MinVolume), MaxVolume) }

// Gain is the linear amplitude factor (0…1] of a volume step: 1 at
// MaxVolume, VolumeStepDB less for every step below.
func Gain(step int) float64 {
	return math.Pow(10, -float64(MaxVolume-ClampVolume(step))*VolumeStepDB/20)
}
