package staff

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	// Time is the number of passes over the memory.
	Time uint32
	// MemoryKiB is the memory in KiB.
	MemoryKiB uint32
	// Threads is the number of lanes.
	Threads uint8
}

// DefaultParams are the parameters of every new hash: 3 passes over 32 MiB
// in 2 lanes, about 170 ms on the hall's two-core machines under load
// (BenchmarkCheckPIN).
var DefaultParams = Params{Time: 3, MemoryKiB: 32 << 10, Threads: 2}

// Bounds of what a stored hash may ask for, so a doctored copy cannot make
// a check take the machine's memory or minutes.
const (
	maxMemoryKiB = 256 << 10
	maxTime      = 10
	maxThreads   = 16
	saltLen      = 16
	keyLen       = 32
)

// PIN length bounds.
const (
	MinPINLen = 6
	MaxPINLen = 12
)

// ErrWeakPIN is wrapped when a new PIN is refused.
var ErrWeakPIN = errors.New("staff: PIN refused")

// ValidPIN checks a new PIN: 6 to 12 digits, not one digit repeated, not a
// straight run up or down.
func ValidPIN(pin string) error {
	if len(pin) < MinPINLen || len(pin) > MaxPINLen {
		return fmt.Errorf("%w: it must have %d to %d digits", ErrWeakPIN, MinPINLen, MaxPINLen)
	}
	for _, r := range pin {
		if r < '0' || r > '9' {
			return fmt.Errorf("%w: digits only (the kiosk's keypad has nothing else)", ErrWeakPIN)
		}
	}
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		d := int(pin[i]) - int(pin[i-1])
		same = same && d == 0
		up = up && (d == 1 || d == -9)
		down = down && (d == -1 || d == 9)
	}
	if same || up || down {
		return fmt.Errorf("%w: one digit repeated or a straight run is guessed first", ErrWeakPIN)
	}
	return nil
}

// HashPIN returns the PHC string of pin's argon2id hash with a new random
// salt from rnd (nil is crypto/rand).
func HashPIN(pin string, p Params, rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, saltLen)
	if _, err := io.ReadFull(rnd, salt); err != nil {
		return "", fmt.Errorf("staff: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

func (p Params) check() error {
	if p.Time < 1 || p.Time > maxTime || p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxMemoryKiB ||
		p.Threads < 1 || p.Threads > maxThreads {
		return fmt.Errorf("staff: argon2id parameters out of bounds: %+v", p)
	}
	return nil
}

// ErrBadHash is wrapped when a stored hash is not an argon2id PHC string
// this package accepts.
var ErrBadHash = errors.New("staff: not an argon2id hash")

// parseHash splits a PHC string into its parameters, salt and key.
func parseHash(encoded string) (Params, []byte, []byte, error) {
	var p Params
	if len(encoded) > 256 {
		return p, nil, nil, ErrBadHash
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, ErrBadHash
	}
	var threads uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &threads); n != 3 || err != nil || threads > maxThreads {
		return p, nil, nil, ErrBadHash
	}
	p.Threads = uint8(threads)
	if p.check() != nil {
		return p, nil, nil, fmt.Errorf("%w: parameters out of bounds", ErrBadHash)
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, ErrBadHash
	}
	return p, salt, key, nil
}

// CheckPIN reports whether pin matches the PHC string, comparing in
// constant time.
func CheckPIN(encoded, pin string) (bool, error) {
	p, salt, key, err := parseHash(encoded)
	if err != nil {
		return false, err
	}
	if len(pin) > MaxPINLen {
		return false, nil
	}
	got := argon2.IDKey([]byte(pin), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// hashParams returns the parameters a PHC string was made with.
func hashParams(encoded string) (Params, bool) {
	p, _, _, err := parseHash(encoded)
	return p, err == nil
}

// dummyHash is checked against for an unknown id, so that it costs the
// same time as a known one (no PIN matches its key).
var dummyHash = fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, DefaultParams.MemoryKiB,
	DefaultParams.Time, DefaultParams.Threads, base64.RawStdEncoding.EncodeToString([]byte("hallkiosk-dummy!")),
	base64.RawStdEncoding.EncodeToString(make([]byte, keyLen)))
