package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"hallkiosk/app/portal"
)

// FaceMismatchMarker makes the simulator refuse a face: an identity request
// whose face image contains these ASCII bytes (e.g. in a JPEG comment) gets
// 403 face_mismatch.
const FaceMismatchMarker = "FACE-MISMATCH"

// DemoIdentity is a fictitious citizen the simulator knows.
type DemoIdentity struct {
	CardType string
	IDNumber string
	Name     string
	Phone    string
	// Note says what the identity is for in a demo.
	Note string
}

// CardTypeResident is the card type of a 居民身份证 in the demo data.
const CardTypeResident = "resident"

// DemoIdentities returns the demo citizens that have applications and
// licenses to list. All numbers are fictitious but carry valid check
// characters.
func DemoIdentities() []DemoIdentity {
	return []DemoIdentity{
		{CardType: CardTypeResident, IDNumber: "11010519491231002X", Name: "王秀兰", Phone: "13800001234",
			Note: "长辈: 3 applications (approved, in_review, needs_supplement), 3 licenses"},
		{CardType: CardTypeResident, IDNumber: "44030519800315001X", Name: "李建国", Phone: "13900005678",
			Note: "enterprise founder: 2 applications (approved, accepted), 2 licenses"},
	}
}

// MismatchIdentity returns the demo citizen whose face never matches: any
// identity session for it is 403 face_mismatch.
func MismatchIdentity() DemoIdentity {
	return DemoIdentity{CardType: CardTypeResident, IDNumber: "110108195607080030", Name: "赵建华", Phone: "13700009999",
		Note: "face comparison always fails (face_mismatch)"}
}

// NoPhoneIdentity returns the demo citizen the portal holds no phone for:
// identity/sms {"to":"on_file"} for them is 404 no_phone_on_file.
func NoPhoneIdentity() DemoIdentity {
	return DemoIdentity{CardType: CardTypeResident, IDNumber: "310104198805060028", Name: "孙丽",
		Note: "no phone on file (no_phone_on_file)"}
}

// PhoneOnFile is the phone the simulated portal holds for the person with
// ID number id: the demo citizens' own, none for NoPhoneIdentity, and a
// fictitious 139 number (derived from the ID number) for anyone else.
func PhoneOnFile(id string) string {
	for _, d := range append(DemoIdentities(), MismatchIdentity(), NoPhoneIdentity()) {
		if d.IDNumber == id {
			return d.Phone
		}
	}
	var h uint32 = 2166136261
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	return fmt.Sprintf("139%08d", h%100000000)
}

// seedApp is a demo application placed in the past.
type seedApp struct {
	id, who, service, plan string
	ago                    time.Duration
	form                   map[string]string
}

// seed inserts the demo applications and licenses once per database.
func (s *Server) seed(ctx context.Context) error {
	var done string
	err := s.db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k='seeded'`).Scan(&done)
	if err == nil {
		return nil
	}
	if err != sql.ErrNoRows {
		return fmt.Errorf("portalsim: seed: %w", err)
	}
	ids := DemoIdentities()
	wang, li := ids[0], ids[1]
	now := s.now()
	apps := []seedApp{
		{"SL20250312000001", wang.IDNumber, "SB-0202", "normal", 400 * 24 * time.Hour, nil},
		{"SL20261103000002", wang.IDNumber, "MZ-0701", "normal", 0, nil},
		{"SL20261020000003", wang.IDNumber, "GA-0502", "supplement", 20 * 24 * time.Hour,
			map[string]string{"live_address": "示例市东城区和平里街道"}},
		{"SL20260105000004", li.IDNumber, "QYKB-0001", "normal", 300 * 24 * time.Hour,
			map[string]string{"company_name": "示例市建国商贸有限公司"}},
		{"SL20261104000005", li.IDNumber, "GJJ-0301", "normal", 0, nil},
	}
	licenses := []struct{ id, who, typ, issuer, issued, valid string }{
		{"DZZZ-BDC-2019-000731", wang.IDNumber, "不动产权证书", "示例市规划和自然资源委员会", "2019-06-18", "长期"},
		{"DZZZ-SBK-2016-120045", wang.IDNumber, "社会保障卡", "示例市人力资源和社会保障局", "2016-03-02", "2026-03-01"},
		{"DZZZ-HKB-2010-004512", wang.IDNumber, "居民户口簿", "示例市公安局东城分局", "2010-09-15", "长期"},
		{"DZZZ-YYZZ-2026-00888", li.IDNumber, "营业执照", "示例市市场监督管理局", "2026-01-06", "长期"},
		{"DZZZ-JSZ-2015-337201", li.IDNumber, "机动车驾驶证", "示例市公安局交通管理局", "2015-07-20", "2031-07-20"},
	}
	names := map[string]DemoIdentity{wang.IDNumber: wang, li.IDNumber: li}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i, a := range apps {
			who := names[a.who]
			// The newest samples are placed so that they are "in flight" now.
			received := now.Add(-a.ago)
			switch i {
			case 1:
				received = now.Add(-(s.opts.Progress.InReview + s.opts.Progress.Done) / 2)
			case 4:
				received = now.Add(-(s.opts.Progress.Accepted + s.opts.Progress.InReview) / 2)
			}
			body, err := json.Marshal(portal.Application{
				ServiceCode: a.service, Applicant: portal.Applicant{CardType: who.CardType, IDNumber: who.IDNumber, Name: who.Name, Phone: who.Phone},
				Form: a.form, MaterialIDs: []string{}, Channel: "window", ClientCreatedAt: received,
			})
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO applications
				(application_id, idem_key, service_code, id_number, name, body, plan, received_at)
				VALUES (?,?,?,?,?,?,?,?)`, a.id, "seed-"+a.id, a.service, who.IDNumber, who.Name, string(body), a.plan, ms(received)); err != nil {
				return fmt.Errorf("portalsim: seed application: %w", err)
			}
		}
		for _, l := range licenses {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO licenses
				(license_id, id_number, holder, type, name, issuer, issued_at, valid_to) VALUES (?,?,?,?,?,?,?,?)`,
				l.id, l.who, names[l.who].Name, l.typ, l.typ, l.issuer, l.issued, l.valid); err != nil {
				return fmt.Errorf("portalsim: seed license: %w", err)
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO meta(k, v) VALUES ('seeded', '1')`)
		return err
	})
}
