package outbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"hallkiosk/app/statedir"
)

// keySize is the AES-256 key length.
const keySize = 32

// sealer seals payloads with AES-256-GCM. The additional data binds a
// ciphertext to its item's key, so a payload cannot be moved to another row.
type sealer struct {
	aead cipher.AEAD
}

func newSealer(key []byte) (*sealer, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("outbox: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("outbox: gcm: %w", err)
	}
	return &sealer{aead: aead}, nil
}

// seal returns nonce || ciphertext of plain for the item itemKey.
func (s *sealer) seal(plain []byte, itemKey string) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("outbox: nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(itemKey)), nil
}

// open reverses seal.
func (s *sealer) open(sealed []byte, itemKey string) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errors.New("outbox: sealed payload truncated")
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(itemKey))
	if err != nil {
		return nil, fmt.Errorf("outbox: sealed payload does not open with the key file: %w", err)
	}
	return plain, nil
}

// loadKey reads the key file at path. When it does not exist and mayCreate
// is true it creates one, and its directory (0700): random bytes written to
// a temporary file (0600), synced, linked into place without overwriting a
// concurrent creator's, and the directory synced.
func loadKey(path string, mayCreate bool) ([]byte, bool, error) {
	key, err := readKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, false, err
	}
	if !mayCreate {
		return nil, false, fmt.Errorf("outbox: key file %s is missing but the outbox holds sealed items: restore the key file, or the items cannot be sent", path)
	}
	key = make([]byte, keySize)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("outbox: new key: %w", err)
	}
	if _, err := statedir.Ensure(filepath.Dir(path)); err != nil {
		return nil, false, fmt.Errorf("outbox: key directory: %w", err)
	}
	if err := writeKeyFile(path, key); err != nil {
		if errors.Is(err, fs.ErrExist) {
			// A concurrent creator won: use its key.
			key, err := readKey(path)
			return key, false, err
		}
		return nil, false, err
	}
	return key, true, nil
}

// readKey reads and checks a key file; a file others may read is narrowed
// to 0600.
func readKey(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("outbox: key file: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		if err := os.Chmod(path, 0o600); err != nil {
			return nil, fmt.Errorf("outbox: key file %s is readable by others and cannot be narrowed: %w", path, err)
		}
	}
	key, err := io.ReadAll(io.LimitReader(f, keySize+1))
	if err != nil {
		return nil, fmt.Errorf("outbox: read key file: %w", err)
	}
	if len(key) != keySize {
		return nil, fmt.Errorf("outbox: key file %s: want %d bytes, found %d", path, keySize, len(key))
	}
	return key, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("outbox: sync dir: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("outbox: sync dir: %w", err)
	}
	return nil
}

// adoptLegacyKey moves a key file from beside the database (where versions
// before the key moved kept it) to path, unless path exists already.
func adoptLegacyKey(legacy, path string) error {
	if legacy == path {
		return nil
	}
	if _, err := os.Stat(legacy); err != nil {
		return nil
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("outbox: two key files, %s and %s: keep the one that opens the queue and remove the other", legacy, path)
	}
	key, err := readKey(legacy)
	if err != nil {
		return err
	}
	if _, err := statedir.Ensure(filepath.Dir(path)); err != nil {
		return fmt.Errorf("outbox: key directory: %w", err)
	}
	if err := writeKeyFile(path, key); err != nil {
		return err
	}
	if err := os.Remove(legacy); err != nil {
		return fmt.Errorf("outbox: remove old key file %s: %w", legacy, err)
	}
	return syncDir(filepath.Dir(legacy))
}

// writeKeyFile writes key to path (0600) through a synced temporary file.
func writeKeyFile(path string, key []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".outbox-key-*")
	if err != nil {
		return fmt.Errorf("outbox: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.Write(key)
	if err := errors.Join(werr, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return fmt.Errorf("outbox: write key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("outbox: install key file: %w", err)
	}
	return syncDir(dir)
}

// checkNotLost refuses a queue whose key file exists while its database is
// missing or empty: the key is created with the queue's first use, so the
// queue existed and is gone.
func checkNotLost(dbPath, keyPath string) error {
	if _, err := os.Stat(keyPath); err != nil {
		return nil
	}
	st, err := os.Stat(dbPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%w: %s is missing, key %s: restore the database from a backup, or run `hallkiosk outbox reset --reason TEXT` to start a new queue (the lost items cannot be sent)",
			ErrQueueLost, dbPath, keyPath)
	case err != nil:
		return fmt.Errorf("outbox: %s: %w", dbPath, err)
	case st.Size() == 0:
		return fmt.Errorf("%w: %s is empty, key %s: restore the database from a backup, or run `hallkiosk outbox reset --reason TEXT` to start a new queue (the lost items cannot be sent)",
			ErrQueueLost, dbPath, keyPath)
	}
	return nil
}

// keyID is a fingerprint of key that reveals nothing of it.
func keyID(key []byte) string {
	h := sha256.Sum256(append([]byte("hallkiosk outbox key id\x00"), key...))
	return hex.EncodeToString(h[:8])
}

// checkKeyID compares the key with the fingerprint the queue recorded at its
// first use, and records it when there is none.
func checkKeyID(db *sql.DB, key []byte, keyPath string) error {
	id := keyID(key)
	var have string
	err := db.QueryRow(`SELECT v FROM meta WHERE k='key_id'`).Scan(&have)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := db.Exec(`INSERT OR REPLACE INTO meta(k, v) VALUES ('key_id', ?)`, id); err != nil {
			return fmt.Errorf("outbox: record key id: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("outbox: key id: %w", err)
	case have != id:
		var sealed int
		if err := db.QueryRow(`SELECT count(*) FROM items WHERE payload IS NOT NULL`).Scan(&sealed); err != nil {
			return fmt.Errorf("outbox: key id: %w", err)
		}
		if sealed > 0 {
			return fmt.Errorf("%w: %s does not open the %d sealed items of this queue: restore this kiosk's own key file", ErrWrongKey, keyPath, sealed)
		}
		// Nothing sealed with the old key remains: the new key is the
		// queue's from now on.
		if _, err := db.Exec(`UPDATE meta SET v=? WHERE k='key_id'`, id); err != nil {
			return fmt.Errorf("outbox: record key id: %w", err)
		}
	}
	return nil
}

// RetireKey renames the key file at path aside (path.retired-<unix time>),
// so the next Open starts a new, empty queue. Use it only when the queue is
// known lost (ErrQueueLost): items sealed with the retired key can no
// longer be sent. It returns the retired file's name.
func RetireKey(path string, now time.Time) (string, error) {
	to := fmt.Sprintf("%s.retired-%d", path, now.Unix())
	if err := os.Rename(path, to); err != nil {
		return "", fmt.Errorf("outbox: retire key: %w", err)
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return "", err
	}
	return to, nil
}
