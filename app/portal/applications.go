package portal

import (
	"context"
	"errors"
	"strings"
	"unicode"
)

// SubmitApplication posts a under the Idempotency-Key key (required: the one
// the outbox stored with the application; every retry reuses it). On a
// replay the portal's first answer comes back with Replayed set.
func (c *Client) SubmitApplication(ctx context.Context, key string, a Application) (ApplicationAck, error) {
	const op = "submit application"
	if err := requireKey(op, key); err != nil {
		return ApplicationAck{}, err
	}
	if a.ServiceCode == "" {
		return ApplicationAck{}, invalid(op, "no service code")
	}
	var out ApplicationAck
	rep, err := c.postJSONReplay(ctx, op, "/api/v1/applications", key, "", a, &out, func() error {
		if out.ApplicationID == "" {
			return errors.New("no application_id")
		}
		if r := out.Reward; r != nil {
			// Printed on paper and shown: bounded and plain.
			r.Title, r.Code, r.ValidTo = plainText(r.Title, 60), plainText(r.Code, 40), plainText(r.ValidTo, 32)
			if r.Title == "" && r.Code == "" {
				out.Reward = nil
			}
		}
		return nil
	})
	out.Replayed = rep
	return out, err
}

// Applications lists the applications of the citizen of identityToken.
func (c *Client) Applications(ctx context.Context, identityToken string) ([]ApplicationStatus, error) {
	const op = "list applications"
	if identityToken == "" {
		return nil, invalid(op, "no identity token")
	}
	var out struct {
		Items []ApplicationStatus `json:"items"`
	}
	err := c.getJSON(ctx, op, "/api/v1/applications", identityToken, &out, func() error {
		for _, it := range out.Items {
			if it.ApplicationID == "" {
				return errors.New("application without application_id")
			}
		}
		return nil
	})
	return out.Items, err
}

// ApplicationReceiptPDF fetches the 受理回执 of an application as PDF bytes.
func (c *Client) ApplicationReceiptPDF(ctx context.Context, identityToken, applicationID string) ([]byte, error) {
	const op = "application receipt"
	if identityToken == "" {
		return nil, invalid(op, "no identity token")
	}
	if err := validID(op, "application id", applicationID); err != nil {
		return nil, err
	}
	return c.getPDF(ctx, op, "/api/v1/applications/"+applicationID+"/receipt.pdf", identityToken)
}

// Licenses lists the 电子证照 of the citizen of identityToken.
func (c *Client) Licenses(ctx context.Context, identityToken string) ([]License, error) {
	const op = "list licenses"
	if identityToken == "" {
		return nil, invalid(op, "no identity token")
	}
	var out struct {
		Items []License `json:"items"`
	}
	err := c.getJSON(ctx, op, "/api/v1/licenses", identityToken, &out, func() error {
		for _, it := range out.Items {
			if it.LicenseID == "" {
				return errors.New("license without license_id")
			}
		}
		return nil
	})
	return out.Items, err
}

// LicensePDF fetches one 电子证照 as PDF bytes.
func (c *Client) LicensePDF(ctx context.Context, identityToken, licenseID string) ([]byte, error) {
	const op = "license pdf"
	if identityToken == "" {
		return nil, invalid(op, "no identity token")
	}
	if err := validID(op, "license id", licenseID); err != nil {
		return nil, err
	}
	return c.getPDF(ctx, op, "/api/v1/licenses/"+licenseID+".pdf", identityToken)
}

// plainText bounds a short public text of an answer (a reward's title or
// code) to n bytes of valid UTF-8 without control characters. Unlike clip
// it keeps digit runs: a coupon code or a date is not personal data.
func plainText(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if len(s) > n {
		cut := n
		for cut > 0 && !utf8RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return strings.TrimSpace(s)
}
