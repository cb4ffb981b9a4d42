package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// RollResult says what a Roll did.
type RollResult struct {
	// Archive is the file the rows went to; empty when none were old
	// enough.
	Archive string `json:"archive,omitempty"`
	// First and Last are the numbers of the rows archived.
	First int64 `json:"first,omitempty"`
	Last  int64 `json:"last,omitempty"`
}

// Roll moves the rows older than keep (at least MinKeep) into an archive
// file beside the log and makes the last of them the log's base. The log
// must verify first: a broken chain is kept where it is. The archive is
// complete and synced before the rows leave the log; a roll cut short
// leaves the rows in both, and the next roll writes the same archive again.
func (l *Log) Roll(ctx context.Context, keep time.Duration) (RollResult, error) {
	if keep < MinKeep {
		return RollResult{}, fmt.Errorf("audit: roll: rows are kept at least %s, not %s", MinKeep, keep)
	}
	rep, err := l.Verify(ctx)
	if err != nil {
		return RollResult{}, err
	}
	if err := rep.Err(); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: not while the chain is broken: %w", err)
	}
	cutoff := l.now().UTC().Add(-keep).Format(timeFormat)
	// The rows to archive are a prefix: up to the first row that is not
	// old enough (a clock set back never archives a newer row).
	var young sql.NullInt64
	if err := l.db.QueryRowContext(ctx, `SELECT min(seq) FROM rows WHERE at >= ?`, cutoff).Scan(&young); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: %w", err)
	}
	last := rep.Head
	if young.Valid {
		last = young.Int64 - 1
	}
	if last <= rep.Base {
		return RollResult{}, nil
	}
	var lastHash string
	if err := l.db.QueryRowContext(ctx, `SELECT hash FROM rows WHERE seq = ?`, last).Scan(&lastHash); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: row %d: %w", last, err)
	}
	res := RollResult{First: rep.Base + 1, Last: last}
	res.Archive = filepath.Join(filepath.Dir(l.path), archiveName(res.First, res.Last))
	if err := l.writeArchive(ctx, res, rep.baseHash, lastHash); err != nil {
		return RollResult{}, err
	}
	tx, err := l.db.BeginTx(context.WithoutCancel(ctx), nil)
	if err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM rows WHERE seq <= ?`, last); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: %w", err)
	}
	if _, err := tx.Exec(`UPDATE meta SET v = CASE k WHEN 'base_seq' THEN ? ELSE ? END WHERE k IN ('base_seq', 'base_hash')`,
		strconv.FormatInt(last, 10), lastHash); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return RollResult{}, fmt.Errorf("audit: roll: %w", err)
	}
	return res, nil
}

// writeArchive copies rows res.First..res.Last into a new archive file
// (written under a temporary name, checked, synced, then renamed).
func (l *Log) writeArchive(ctx context.Context, res RollResult, baseHash, lastHash string) error {
	tmp := res.Archive + ".tmp"
	os.Remove(tmp)
	adb, err := openDB(tmp, false)
	if err != nil {
		return fmt.Errorf("audit: roll: %w", err)
	}
	err = func() error {
		if _, err := adb.Exec(`PRAGMA journal_mode=DELETE`); err != nil {
			return err
		}
		if _, err := adb.Exec(schema); err != nil {
			return err
		}
		tx, err := adb.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		ins, err := tx.Prepare(`INSERT INTO rows(seq, at, actor, action, subject, detail, prev, hash) VALUES(?,?,?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		rows, err := l.db.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev, hash FROM rows WHERE seq BETWEEN ? AND ? ORDER BY seq`, res.First, res.Last)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var at, actor, action, subject, detail, prev, hash string
			if err := rows.Scan(&seq, &at, &actor, &action, &subject, &detail, &prev, &hash); err != nil {
				return err
			}
			if _, err := ins.Exec(seq, at, actor, action, subject, detail, prev, hash); err != nil {
				return err
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for k, v := range map[string]string{"base_seq": strconv.FormatInt(res.First-1, 10), "base_hash": baseHash,
			"head_seq": strconv.FormatInt(res.Last, 10), "head_hash": lastHash} {
			if _, err := tx.Exec(`UPDATE meta SET v = ? WHERE k = ?`, v, k); err != nil {
				return err
			}
		}
		return tx.Commit()
	}()
	if cerr := adb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("audit: roll: write %s: %w", tmp, err)
	}
	rep, err := VerifyFile(ctx, tmp)
	if err == nil {
		err = rep.Err()
	}
	if err == nil && (rep.Rows != res.Last-res.First+1 || rep.headHash != lastHash) {
		err = errors.New("the archive does not hold the rows it should")
	}
	if err == nil {
		err = syncFile(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, res.Archive)
	}
	if err == nil {
		err = syncFile(filepath.Dir(res.Archive))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("audit: roll: archive %s: %w", res.Archive, err)
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
