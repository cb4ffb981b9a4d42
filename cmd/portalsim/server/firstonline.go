package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"hallkiosk/app/portal"
)

// The 网办有礼 decision (shared/portal-api.md, "First online
// application"): the portal remembers who has applied online before, as a
// keyed hash of the card type and number (HMAC-SHA256 under a random key
// kept in the simulator's database), never the number itself.

// onlineSchema holds the people who have applied online, by keyed hash.
const onlineSchema = `
CREATE TABLE IF NOT EXISTS online_people(
	person TEXT PRIMARY KEY,
	first_at INTEGER NOT NULL);
`

// rewardValidity is how long a 网办有礼 coupon is honoured.
const rewardValidity = 30 * 24 * time.Hour

// loadPersonKey creates the online_people table and returns the database's
// hashing key, made on first use.
func loadPersonKey(ctx context.Context, db *sql.DB) ([]byte, error) {
	if _, err := db.ExecContext(ctx, onlineSchema); err != nil {
		return nil, fmt.Errorf("portalsim: online schema: %w", err)
	}
	var v string
	err := db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k='person_key'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		v = hex.EncodeToString(b)
		if _, err := db.ExecContext(ctx, `INSERT OR IGNORE INTO meta(k, v) VALUES ('person_key', ?)`, v); err != nil {
			return nil, fmt.Errorf("portalsim: person key: %w", err)
		}
		err = db.QueryRowContext(ctx, `SELECT v FROM meta WHERE k='person_key'`).Scan(&v)
	}
	if err != nil {
		return nil, fmt.Errorf("portalsim: person key: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("portalsim: person key unreadable")
	}
	return key, nil
}

// personHash is the keyed hash a person is remembered by.
func (s *Server) personHash(cardType, idNumber string) string {
	m := hmac.New(sha256.New, s.personKey)
	m.Write([]byte(cardType))
	m.Write([]byte{0})
	m.Write([]byte(strings.ToUpper(idNumber)))
	return hex.EncodeToString(m.Sum(nil))
}

// onlineChannel reports whether an application's channel is an online one
// (the kiosk, the web, the app); the window is not.
func onlineChannel(ch string) bool {
	switch ch {
	case "window", "counter":
		return false
	}
	return ch != ""
}

// firstOnline records that the applicant applied online and reports
// whether it is their first time, with the reward for it.
func (s *Server) firstOnline(ctx context.Context, tx *sql.Tx, a portal.Application, now time.Time) (bool, *portal.Reward, error) {
	if !onlineChannel(a.Channel) {
		return false, nil, nil
	}
	res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO online_people(person, first_at) VALUES (?, ?)`,
		s.personHash(a.Applicant.CardType, a.Applicant.IDNumber), ms(now))
	if err != nil {
		return false, nil, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, nil, err
	}
	if s.opts.NoReward {
		return true, nil, nil
	}
	return true, &portal.Reward{
		Title:   "环保购物袋一个",
		Code:    "WB" + strings.ToUpper(randomHex(5)),
		ValidTo: now.Add(rewardValidity).Format("2006-01-02"),
	}, nil
}
