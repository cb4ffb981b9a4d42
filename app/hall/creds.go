package hall

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"
	"github.com/pelletier/go-toml/v2"

	"hallkiosk/internal/atomicfile"
	"hallkiosk/internal/boundedio"
)

// maxCredsFile bounds a credentials or terminals file.
const maxCredsFile = 1 << 20

// ErrOpenCreds reports a credentials file that others than its owner may
// read: a terminal refuses it, as ssh refuses an open private key.
var ErrOpenCreds = errors.New("hall: credentials file must be mode 0600")

// Creds are a terminal's credentials on the bus, read from its 0600 file:
// either a NATS user credentials file (a user JWT and its nkey seed, for
// a hall whose server runs in operator mode) or a bare nkey user seed
// (the embedded server and a server configured with nkey users, as
// docs/hall.md shows).
type Creds struct {
	// Public is the user's public nkey ("U…").
	Public string
	opt    nats.Option
}

// LoadCreds reads a credentials file, refusing one that group or others
// may read.
func LoadCreds(path string) (*Creds, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("hall: credentials: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s is %v", ErrOpenCreds, path, fi.Mode().Perm())
	}
	data, err := boundedio.ReadFile(path, maxCredsFile)
	if err != nil {
		return nil, fmt.Errorf("hall: credentials: %w", err)
	}
	kp, err := nkeys.ParseDecoratedNKey(data)
	if err != nil {
		return nil, fmt.Errorf("hall: credentials %s: no nkey seed: %w", path, err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, fmt.Errorf("hall: credentials %s: %w", path, err)
	}
	if !strings.HasPrefix(pub, "U") {
		return nil, fmt.Errorf("hall: credentials %s: not a user key", path)
	}
	c := &Creds{Public: pub}
	if bytes.Contains(data, []byte("BEGIN NATS USER JWT")) {
		jwt, err := nkeys.ParseDecoratedJWT(data)
		if err != nil {
			return nil, fmt.Errorf("hall: credentials %s: %w", path, err)
		}
		c.opt = nats.UserJWT(func() (string, error) { return jwt, nil }, kp.Sign)
	} else {
		c.opt = nats.Nkey(pub, kp.Sign)
	}
	return c, nil
}

// WriteSeed makes a new nkey user for a terminal, writes its seed to path
// with mode 0600 (refusing to overwrite a file there) and returns the
// user's public key, which goes into the server's terminals file.
func WriteSeed(path string) (string, error) {
	kp, err := nkeys.CreateUser()
	if err != nil {
		return "", fmt.Errorf("hall: new key: %w", err)
	}
	seed, err := kp.Seed()
	if err != nil {
		return "", fmt.Errorf("hall: new key: %w", err)
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return "", fmt.Errorf("hall: new key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("hall: credentials: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("hall: credentials: %w", err)
	}
	_, werr := f.Write(append(seed, '\n'))
	if err := errors.Join(werr, f.Close()); err != nil {
		return "", fmt.Errorf("hall: credentials: %w", err)
	}
	return pub, nil
}

// Terminal is one terminal the server lets in: its id, its role and the
// public nkey of its credentials.
type Terminal struct {
	ID   string `toml:"id"`
	Role Role   `toml:"role"`
	NKey string `toml:"nkey"`
}

// Terminals is the server's list of terminals (the file named by
// [hall] terminals): with it, every connection must prove one of these
// keys and gets its role's permissions for its own id.
type Terminals struct {
	Terminal []Terminal `toml:"terminal"`
}

// LoadTerminals reads and checks a terminals file. A missing file is an
// error: a hall that asks for credentials must not open up by accident.
func LoadTerminals(path string) (Terminals, error) {
	data, err := boundedio.ReadFile(path, maxCredsFile)
	if err != nil {
		return Terminals{}, fmt.Errorf("hall: terminals: %w", err)
	}
	var t Terminals
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Terminals{}, fmt.Errorf("hall: terminals %s: %w", path, err)
	}
	return t, t.Check()
}

// Check reports a bad entry: an id that is not a token, an unknown role,
// a key that is not a user's, an id or key given twice.
func (t Terminals) Check() error {
	ids, keys := map[string]bool{}, map[string]bool{}
	for i, e := range t.Terminal {
		if err := CheckTerminalID(e.ID); err != nil {
			return fmt.Errorf("hall: terminal %d: %w", i+1, err)
		}
		if _, err := ParseRole(string(e.Role)); err != nil {
			return fmt.Errorf("hall: terminal %s: %w", e.ID, err)
		}
		if !nkeys.IsValidPublicUserKey(e.NKey) {
			return fmt.Errorf("hall: terminal %s: %q is not a user nkey", e.ID, e.NKey)
		}
		if ids[e.ID] || keys[e.NKey] {
			return fmt.Errorf("hall: terminal %s: id or key listed twice", e.ID)
		}
		ids[e.ID], keys[e.NKey] = true, true
	}
	return nil
}

// Add appends a terminal to the terminals file at path (created 0644 when
// missing: it holds public keys only).
func AddTerminal(path string, e Terminal) error {
	var t Terminals
	if _, err := os.Stat(path); err == nil {
		if t, err = LoadTerminals(path); err != nil {
			return err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("hall: terminals: %w", err)
	}
	t.Terminal = append(t.Terminal, e)
	if err := t.Check(); err != nil {
		return err
	}
	data, err := toml.Marshal(t)
	if err != nil {
		return fmt.Errorf("hall: terminals: %w", err)
	}
	if err := atomicfile.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("hall: terminals: %w", err)
	}
	return nil
}
