package journey

import (
	"context"
	"fmt"

	"hallkiosk/app"
	"hallkiosk/app/portal"
)

// 需补正 → 现在补交材料: a citizen whose application waits for a 补正 adds
// the missing material at the kiosk. The portal API has no call to attach
// a material to an earlier application, so the material goes as an
// application of the same service whose form names the one it completes
// (SupplementKey); the citizen is told the number it got, as for any
// application.

// SupplementKey is the form key naming the application a 补正 completes.
const SupplementKey = "supplement_for"

// SupplementMaterial is the material a 补正 carries.
var SupplementMaterial = portal.Material{Code: "supplement", Name: "补正材料", Required: true}

// supplementForm is the form of a 补正: the application it completes.
var supplementForm = portal.Form{Fields: []portal.Field{{Key: SupplementKey, Label: "补正的申请", Type: portal.FieldText, Required: true}}}

// StartSupplement begins the 补正 of the citizen's application id (it must
// be waiting for one).
func (j *Records) StartSupplement(id string) error {
	j.mu.Lock()
	var found *portal.ApplicationStatus
	for i := range j.apps {
		if j.apps[i].ApplicationID == id {
			found = &j.apps[i]
		}
	}
	if found == nil || found.Status != portal.StatusNeedsSupplement {
		j.mu.Unlock()
		return fmt.Errorf("journey: %s does not wait for a 补正: %w", id, ErrUnavailable)
	}
	j.supplement, j.supplementSub, j.err = id, nil, nil
	j.mu.Unlock()
	j.d.Session.Data().SetField(SupplementKey, id)
	j.d.Session.Touch()
	return nil
}

// Supplementing is the application whose 补正 is under way, "" when none.
func (j *Records) Supplementing() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.supplement
}

// SupplementCaptured reports whether the material of the 补正 is captured.
func (j *Records) SupplementCaptured() bool {
	return j.d.Session.Data().Material(SupplementMaterial.Code) != nil
}

// CaptureSupplement captures the material with the document camera in the
// background.
func (j *Records) CaptureSupplement() {
	if j.d.Documents == nil {
		j.fail(ErrNoCamera)
		return
	}
	j.run(BusyCapture, func(ctx context.Context) error { return j.d.Documents.Capture(ctx, SupplementMaterial.Code) }, nil)
}

// SubmitSupplement stores the 补正 through the outbox in the background;
// SupplementDone then tells its number.
func (j *Records) SubmitSupplement() {
	id := j.Supplementing()
	var code string
	j.mu.Lock()
	for _, a := range j.apps {
		if a.ApplicationID == id {
			code = a.ServiceCode
		}
	}
	j.mu.Unlock()
	it, ok := j.d.Catalog.Get(code)
	switch {
	case id == "" || !ok:
		j.fail(ErrUnavailable)
		return
	case j.d.Submitter == nil:
		j.fail(app.ErrNoQueue)
		return
	}
	var sub app.Submission
	j.run(BusySubmit, func(ctx context.Context) error {
		var err error
		sub, _, err = j.d.Submitter.Submit(ctx, it, supplementForm, []portal.Material{SupplementMaterial})
		return err
	}, func(err error) {
		if err == nil {
			j.mu.Lock()
			j.supplementSub = &sub
			j.mu.Unlock()
		}
	})
}

// SupplementDone is the stored 补正 (its 受理号 or 凭证号), nil before.
func (j *Records) SupplementDone() *app.Submission {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.supplementSub
}

// StopSupplement leaves the 补正 (back to the timeline).
func (j *Records) StopSupplement() {
	j.mu.Lock()
	j.supplement, j.supplementSub, j.err = "", nil, nil
	j.mu.Unlock()
}
