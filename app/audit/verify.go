package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Report is the result of checking one log or archive file.
type Report struct {
	// File is the database checked.
	File string `json:"file"`
	// Rows is how many rows were read.
	Rows int64 `json:"rows"`
	// Base is the number of the row before the first one this file holds
	// (0, or the last row rolled into an archive); Head the last row's.
	Base int64 `json:"base"`
	Head int64 `json:"head"`
	// Broken is the first break of the chain, nil when it holds.
	Broken *Break `json:"broken,omitempty"`

	baseHash, headHash string
}

// Break is where a chain breaks: the first row that does not check.
type Break struct {
	// Seq is the number of the first row that does not check.
	Seq int64 `json:"seq"`
	// Reason says how, and which row was likely tampered with.
	Reason string `json:"reason"`
}

// ErrBroken is wrapped by the error of a check that found a break.
var ErrBroken = errors.New("audit: chain broken")

func (b *Break) Error() string { return fmt.Sprintf("row %d: %s", b.Seq, b.Reason) }

// Err returns nil when the chain holds, else an error wrapping ErrBroken
// that names the file and the first broken row.
func (r Report) Err() error {
	if r.Broken == nil {
		return nil
	}
	return fmt.Errorf("%w: %s: %v", ErrBroken, r.File, r.Broken)
}

// Verify checks the whole log (see the package comment); the error is for
// a log that cannot be read, a break is in the report.
func (l *Log) Verify(ctx context.Context) (Report, error) {
	return verifyDB(ctx, l.db, l.path)
}

// VerifyFile checks one log or archive file, opened read-only.
func VerifyFile(ctx context.Context, path string) (Report, error) {
	db, err := openDB(path, true)
	if err != nil {
		return Report{}, err
	}
	defer db.Close()
	return verifyDB(ctx, db, path)
}

func verifyDB(ctx context.Context, db *sql.DB, path string) (Report, error) {
	r := Report{File: path}
	// One read transaction: a row appended meanwhile is not half-seen.
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", path, err)
	}
	defer tx.Rollback()
	m, err := readMeta(tx)
	if err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", path, err)
	}
	r.Base, r.Head, r.baseHash, r.headHash = m.baseSeq, m.headSeq, m.baseHash, m.headHash
	rows, err := tx.QueryContext(ctx, `SELECT seq, at, actor, action, subject, detail, prev, hash FROM rows ORDER BY seq`)
	if err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", path, err)
	}
	defer rows.Close()
	want, prev := m.baseSeq+1, m.baseHash
	var h hasher
	var seq int64
	var at, actor, action, subject, detail, rprev, hash string
	for rows.Next() {
		if err := rows.Scan(&seq, &at, &actor, &action, &subject, &detail, &rprev, &hash); err != nil {
			return r, fmt.Errorf("audit: verify %s: %w", path, err)
		}
		r.Rows++
		switch {
		case seq < want:
			r.Broken = &Break{Seq: seq, Reason: fmt.Sprintf("row %d comes before the log's first row %d (added outside the log)", seq, want)}
		case seq > want:
			r.Broken = &Break{Seq: want, Reason: missing(want, seq-1, "deleted")}
		case rprev != prev:
			r.Broken = &Break{Seq: seq, Reason: fmt.Sprintf("does not follow row %d (row %d was changed, or inserted, or one before it)", seq-1, seq-1)}
		case string(h.sum(seq, at, actor, action, subject, detail, rprev)) != hash:
			r.Broken = &Break{Seq: seq, Reason: "its contents were changed"}
		}
		if r.Broken != nil {
			return r, nil
		}
		want, prev = seq+1, hash
	}
	if err := rows.Err(); err != nil {
		return r, fmt.Errorf("audit: verify %s: %w", path, err)
	}
	last := want - 1
	switch {
	case last < m.headSeq:
		r.Broken = &Break{Seq: want, Reason: missing(want, m.headSeq, "deleted at the end")}
	case last > m.headSeq:
		r.Broken = &Break{Seq: m.headSeq + 1, Reason: fmt.Sprintf("rows %d to %d were added outside the log", m.headSeq+1, last)}
	case prev != m.headHash:
		r.Broken = &Break{Seq: last, Reason: "the last row was changed (it does not match the log's head)"}
	}
	return r, nil
}

func missing(from, to int64, how string) string {
	if from == to {
		return fmt.Sprintf("row %d is missing (%s)", from, how)
	}
	return fmt.Sprintf("rows %d to %d are missing (%s)", from, to, how)
}

// archivePrefix starts the name of every archive file.
const archivePrefix = "audit-"

// Archives returns the archive files in dir, oldest first.
func Archives(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("audit: archives: %w", err)
	}
	type arch struct {
		path  string
		first int64
	}
	var as []arch
	for _, e := range ents {
		first, _, ok := parseArchiveName(e.Name())
		if ok && e.Type().IsRegular() {
			as = append(as, arch{filepath.Join(dir, e.Name()), first})
		}
	}
	sort.Slice(as, func(i, j int) bool { return as[i].first < as[j].first })
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.path
	}
	return out, nil
}

// archiveName is the file name of the archive of rows first to last.
func archiveName(first, last int64) string {
	return fmt.Sprintf("%s%012d-%012d.db", archivePrefix, first, last)
}

func parseArchiveName(name string) (first, last int64, ok bool) {
	rest, found := strings.CutPrefix(name, archivePrefix)
	if !found {
		return 0, 0, false
	}
	rest, found = strings.CutSuffix(rest, ".db")
	if !found {
		return 0, 0, false
	}
	if _, err := fmt.Sscanf(rest, "%d-%d", &first, &last); err != nil || first < 1 || last < first {
		return 0, 0, false
	}
	return first, last, archiveName(first, last) == name
}

// VerifyAll checks the log at path and every archive beside it, and that
// each follows the one before it where both are there (archives removed
// after their own keeping time are no break: the log's base still names
// the last archived row). The reports come oldest first, the log last.
func VerifyAll(ctx context.Context, path string) ([]Report, error) {
	files, err := Archives(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	files = append(files, path)
	var reps []Report
	for _, f := range files {
		r, err := VerifyFile(ctx, f)
		if err != nil {
			return reps, err
		}
		if n := len(reps); n > 0 && r.Broken == nil {
			if p := reps[n-1]; r.Base == p.Head && r.baseHash != p.headHash {
				r.Broken = &Break{Seq: r.Base + 1, Reason: fmt.Sprintf("does not follow row %d in %s", p.Head, filepath.Base(p.File))}
			}
		}
		reps = append(reps, r)
	}
	return reps, nil
}
