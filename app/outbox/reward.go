package outbox

import (
	"encoding/json"

	"hallkiosk/app/portal"
)

// storedReward is the reward column: what the portal said of a first
// online application (网办有礼). It holds no personal data.
type storedReward struct {
	FirstOnline bool           `json:"first_online"`
	Reward      *portal.Reward `json:"reward,omitempty"`
}

// encodeReward is the reward column for an acknowledgement; "" when the
// application was not the citizen's first online one.
func encodeReward(ack portal.ApplicationAck) string {
	if !ack.FirstOnline && ack.Reward == nil {
		return ""
	}
	b, err := json.Marshal(storedReward{FirstOnline: ack.FirstOnline, Reward: ack.Reward})
	if err != nil {
		return ""
	}
	return string(b)
}

// decodeReward reads the reward column; an unreadable one counts as none.
func decodeReward(s string) (bool, *portal.Reward) {
	if s == "" {
		return false, nil
	}
	var r storedReward
	if json.Unmarshal([]byte(s), &r) != nil {
		return false, nil
	}
	return r.FirstOnline, r.Reward
}
