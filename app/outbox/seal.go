package outbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
// is true it creates one: random bytes written to a temporary file (0600),
// synced, linked into place without overwriting a concurrent creator's, and
// the directory synced.
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
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".outbox-key-*")
	if err != nil {
		return nil, false, fmt.Errorf("outbox: create key file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("outbox: key file mode: %w", err)
	}
	if _, err := tmp.Write(key); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("outbox: write key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, false, fmt.Errorf("outbox: sync key file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return nil, false, fmt.Errorf("outbox: close key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			key, err := readKey(path)
			return key, false, err
		}
		return nil, false, fmt.Errorf("outbox: install key file: %w", err)
	}
	if err := syncDir(dir); err != nil {
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
