package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"hallkiosk/app/portal"
	"hallkiosk/cmd/portalsim/server"
)

// client is the kiosk's own portal client pointed at s.
func client(t *testing.T, s *server.Server) *portal.Client {
	t.Helper()
	c, err := portal.New(portal.Options{BaseURL: s.URL(), Token: token, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func req(who server.DemoIdentity, method string) portal.IdentityRequest {
	return portal.IdentityRequest{Method: method, CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name}
}

// TestIdentityWithoutAFace walks the contract's "Identity without a face"
// with the kiosk's client: sms_on_file usable only once the code to the
// phone on file is verified, no_phone_on_file, staff_witnessed, unknown
// and refused methods, and an application for a service that does not
// allow the method used.
func TestIdentityWithoutAFace(t *testing.T) {
	s, logs := start(t, server.Options{DemoSMSCode: "123456"})
	c := client(t, s)
	ctx := context.Background()
	wang := server.DemoIdentities()[0]

	// sms_on_file: a session, masked phone on file, unusable until verified.
	sess, err := c.StartIdentitySession(ctx, req(wang, portal.MethodSMSOnFile))
	if err != nil {
		t.Fatal(err)
	}
	if sess.Method != portal.MethodSMSOnFile || sess.PhoneMasked != "138****1234" {
		t.Errorf("session %+v", sess)
	}
	if _, err := c.Applications(ctx, sess.IdentityToken); portal.CodeOf(err) != "identity_unverified" {
		t.Errorf("unverified session listed applications: %v", err)
	}
	if _, err := c.SendSMS(ctx, sess.IdentityToken, "13912345678"); err == nil {
		t.Error("an unverified session texted a phone it chose")
	}
	ch, err := c.SendSMSOnFile(ctx, sess.IdentityToken)
	if err != nil {
		t.Fatal(err)
	}
	if ch.PhoneMasked != "138****1234" {
		t.Errorf("challenge %+v", ch)
	}
	if err := c.VerifySMS(ctx, ch.ChallengeID, "000000"); portal.CodeOf(err) != portal.CodeSMSCodeWrong {
		t.Errorf("wrong code: %v", err)
	}
	if err := c.VerifySMS(ctx, ch.ChallengeID, "123456"); err != nil {
		t.Fatal(err)
	}
	if apps, err := c.Applications(ctx, sess.IdentityToken); err != nil || len(apps) == 0 {
		t.Errorf("verified session: %d applications, %v", len(apps), err)
	}

	// no phone on file.
	none, err := c.StartIdentitySession(ctx, req(server.NoPhoneIdentity(), portal.MethodSMSOnFile))
	if err != nil || none.PhoneMasked != "" {
		t.Fatalf("%+v %v", none, err)
	}
	if _, err := c.SendSMSOnFile(ctx, none.IdentityToken); portal.CodeOf(err) != portal.CodeNoPhoneOnFile {
		t.Errorf("no phone on file: %v", err)
	}

	// staff_witnessed: usable at once; the client refuses it without staff.
	li := server.DemoIdentities()[1]
	r := req(li, portal.MethodStaffWitnessed)
	if _, err := c.StartIdentitySession(ctx, r); err == nil {
		t.Error("staff_witnessed without a staff id was sent")
	}
	r.StaffID = "S0001"
	st, err := c.StartIdentitySession(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Applications(ctx, st.IdentityToken); err != nil {
		t.Errorf("staff-witnessed session: %v", err)
	}

	// A face-only service refuses an applicant checked by staff: the
	// portal decides, 422 method_not_allowed.
	app := portal.Application{ServiceCode: "BDC-0401", Applicant: portal.Applicant{CardType: li.CardType, IDNumber: li.IDNumber, Name: li.Name},
		Form: map[string]string{"purpose": "x"}, MaterialIDs: []string{}, Channel: "kiosk"}
	if _, err := c.SubmitApplication(ctx, portal.NewKey(), app); portal.CodeOf(err) != portal.CodeMethodNotAllowed {
		t.Errorf("face-only service after staff_witnessed: %v", err)
	}
	// GA-0502 allows staff_witnessed.
	app.ServiceCode = "GA-0502"
	if _, err := c.SubmitApplication(ctx, portal.NewKey(), app); err != nil {
		t.Errorf("GA-0502 after staff_witnessed: %v", err)
	}
	if strings.Contains(logs.String(), wang.IDNumber) || strings.Contains(logs.String(), "13800001234") {
		t.Error("the simulator logged an ID number or a phone")
	}
}

func TestRefusedMethod(t *testing.T) {
	s, _ := start(t, server.Options{RefuseMethods: []string{portal.MethodStaffWitnessed}})
	c := client(t, s)
	r := req(server.DemoIdentities()[0], portal.MethodStaffWitnessed)
	r.StaffID = "S0001"
	if _, err := c.StartIdentitySession(context.Background(), r); portal.CodeOf(err) != portal.CodeMethodNotAllowed {
		t.Errorf("refused method: %v", err)
	}
	// And a method the contract does not know, sent raw.
	a := do(t, s, "POST", "/api/v1/identity/sessions", "application/json",
		[]byte(`{"method":"fingerprint","card_type":"resident","id_number":"11010519491231002X","name":"王秀兰"}`),
		map[string]string{"Idempotency-Key": portal.NewKey()})
	if a.status != 422 || a.code() != portal.CodeMethodNotAllowed {
		t.Errorf("unknown method: %d %s", a.status, a.body)
	}
}
