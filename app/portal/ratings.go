package portal

import (
	"context"
	"errors"
)

// Rating levels (好差评).
const (
	LevelVeryGood = 5 // 非常满意
	LevelGood     = 4 // 满意
	LevelFair     = 3 // 基本满意
	LevelPoor     = 2 // 不满意
	LevelVeryPoor = 1 // 非常不满意
)

// Rating reasons the contract names for low levels.
const (
	ReasonSlow         = "slow"
	ReasonHardToUse    = "hard_to_use"
	ReasonDeviceFault  = "device_fault"
	ReasonUnclearGuide = "unclear_guide"
	ReasonOther        = "other"
)

// CheckRating reports whether r follows the contract: a level 1–5, an
// application id or a service code, and a reason for level 2 or 1.
func CheckRating(r Rating) error {
	switch {
	case r.Level < LevelVeryPoor || r.Level > LevelVeryGood:
		return errors.New("rating level must be 1 to 5")
	case r.ApplicationID == "" && r.ServiceCode == "":
		return errors.New("rating needs an application id or a service code")
	case r.Level <= LevelPoor && len(r.Reasons) == 0:
		return errors.New("a rating of 2 or 1 needs a reason")
	}
	return nil
}

// Rate posts a rating under the Idempotency-Key key ("" makes a one-shot
// key) and returns the portal's rating id.
func (c *Client) Rate(ctx context.Context, key string, r Rating) (string, error) {
	const op = "rate"
	if err := CheckRating(r); err != nil {
		return "", invalid(op, "%v", err)
	}
	if key == "" {
		key = NewKey()
	}
	if r.Reasons == nil {
		r.Reasons = []string{}
	}
	var out struct {
		RatingID string `json:"rating_id"`
	}
	err := c.postJSON(ctx, op, "/api/v1/ratings", key, "", r, &out, func() error {
		if out.RatingID == "" {
			return errors.New("no rating_id")
		}
		return nil
	})
	return out.RatingID, err
}

// SendFeedback posts 意见建议 under the Idempotency-Key key ("" makes a
// one-shot key) and returns the portal's feedback id. Contact travels in the
// body only.
func (c *Client) SendFeedback(ctx context.Context, key string, f Feedback) (string, error) {
	const op = "feedback"
	if f.Category == "" || f.Text == "" {
		return "", invalid(op, "category and text are required")
	}
	if key == "" {
		key = NewKey()
	}
	var out struct {
		FeedbackID string `json:"feedback_id"`
	}
	err := c.postJSON(ctx, op, "/api/v1/feedback", key, "", f, &out, func() error {
		if out.FeedbackID == "" {
			return errors.New("no feedback_id")
		}
		return nil
	})
	return out.FeedbackID, err
}

// Heartbeat reports the device's health and learns the current catalog and
// config versions. A heartbeat carries no personal data.
func (c *Client) Heartbeat(ctx context.Context, hb Heartbeat) (HeartbeatAck, error) {
	const op = "heartbeat"
	if hb.DeviceID == "" {
		return HeartbeatAck{}, invalid(op, "no device id")
	}
	var out HeartbeatAck
	err := c.postJSON(ctx, op, "/api/v1/devices/heartbeat", "", "", hb, &out, nil)
	return out, err
}
