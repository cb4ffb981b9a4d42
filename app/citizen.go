package app

import (
	"fmt"
	"os"
	"sync"

	"hallkiosk/devices/idcard"
	"hallkiosk/internal/privacy"
)

// Wiper is citizen data that can destroy itself, such as an ID card read.
type Wiper interface {
	Wipe()
}

// CitizenData is everything one citizen leaves in the kiosk during a
// session. Wipe destroys all of it; the session calls Wipe when it ends,
// whatever the reason.
//
// Byte buffers (captured images, card photo) are zeroed in place. Strings
// cannot be overwritten in Go; they are dropped so nothing reaches them.
type CitizenData struct {
	mu        sync.Mutex
	card      *idcard.Card
	identity  string // the portal's identity token
	phone     string // the verified phone number
	submitted *Submission
	materials map[string][]byte // captured documents by material code
	form      map[string]string
	images    [][]byte
	tempDir   string
	tempFiles []string
	wipers    []Wiper
}

// SetCard keeps the card just read, wiping one read before it.
func (d *CitizenData) SetCard(c *idcard.Card) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.card != nil && d.card != c {
		d.card.Wipe()
	}
	d.card = c
}

// Card is the citizen's card, or nil before one was read. The caller must
// not keep it beyond the session.
func (d *CitizenData) Card() *idcard.Card {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.card
}

// SetIdentity keeps the portal's identity token for this citizen.
func (d *CitizenData) SetIdentity(token string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.identity = token
}

// Identity is the portal's identity token, "" before identity was checked.
func (d *CitizenData) Identity() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.identity
}

// SetPhone keeps the citizen's phone number.
func (d *CitizenData) SetPhone(p string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.phone = p
}

// Phone is the citizen's phone number or "".
func (d *CitizenData) Phone() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.phone
}

func (d *CitizenData) setSubmission(s *Submission) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.submitted = s
}

// Submission is the citizen's last submission in this session, or nil.
func (d *CitizenData) Submission() *Submission {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.submitted
}

// SetMaterial keeps a captured document (JPEG) for a material code; the
// buffer is wiped with the session. A second capture replaces the first.
func (d *CitizenData) SetMaterial(code string, jpeg []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.materials == nil {
		d.materials = map[string][]byte{}
	}
	if old := d.materials[code]; old != nil {
		privacy.Wipe(old)
	}
	d.materials[code] = jpeg
}

// Material is the captured document for a material code, or nil.
func (d *CitizenData) Material(code string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.materials[code]
}

// SetField stores a form value.
func (d *CitizenData) SetField(key, value string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.form == nil {
		d.form = map[string]string{}
	}
	d.form[key] = value
}

// Field returns a form value.
func (d *CitizenData) Field(key string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.form[key]
}

// Form returns a copy of the form values.
func (d *CitizenData) Form() map[string]string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make(map[string]string, len(d.form))
	for k, v := range d.form {
		out[k] = v
	}
	return out
}

// AddImage keeps a captured image (face, document scan) until the wipe. The
// buffer is owned by the session from now on.
func (d *CitizenData) AddImage(img []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.images = append(d.images, img)
}

// Images returns the captured images.
func (d *CitizenData) Images() [][]byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([][]byte(nil), d.images...)
}

// Keep registers data the wipe must destroy, such as the card read.
func (d *CitizenData) Keep(w Wiper) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.wipers = append(d.wipers, w)
}

// TempFile creates a file for this citizen (mode 0600) inside a private
// per-session directory under base; the wipe removes it.
func (d *CitizenData) TempFile(base, pattern string) (*os.File, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.tempDir == "" {
		dir, err := os.MkdirTemp(base, "session-")
		if err != nil {
			return nil, fmt.Errorf("app: session temp dir: %w", err)
		}
		d.tempDir = dir
	}
	f, err := os.CreateTemp(d.tempDir, pattern)
	if err != nil {
		return nil, fmt.Errorf("app: session temp file: %w", err)
	}
	d.tempFiles = append(d.tempFiles, f.Name())
	return f, nil
}

// Empty reports whether nothing of a citizen is held.
func (d *CitizenData) Empty() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.card == nil && d.identity == "" && d.phone == "" && d.submitted == nil && len(d.form) == 0 && len(d.materials) == 0 &&
		len(d.images) == 0 && len(d.tempFiles) == 0 && len(d.wipers) == 0 && d.tempDir == ""
}

// Wipe destroys every citizen datum: form values are dropped, images zeroed,
// registered data wiped, temp files overwritten and removed. It returns the
// first error removing a file, after trying all of them.
func (d *CitizenData) Wipe() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.card.Wipe()
	d.card = nil
	d.identity, d.phone, d.submitted = "", "", nil
	for k, m := range d.materials {
		privacy.Wipe(m)
		delete(d.materials, k)
	}
	for k := range d.form {
		delete(d.form, k)
	}
	for _, img := range d.images {
		privacy.Wipe(img)
	}
	d.images = nil
	for _, w := range d.wipers {
		w.Wipe()
	}
	d.wipers = nil
	var first error
	for _, name := range d.tempFiles {
		if err := shred(name); err != nil && first == nil {
			first = err
		}
	}
	d.tempFiles = nil
	if d.tempDir != "" {
		if err := os.RemoveAll(d.tempDir); err != nil && first == nil {
			first = fmt.Errorf("app: remove session dir: %w", err)
		}
		d.tempDir = ""
	}
	return first
}

// shred overwrites a file with zeros before removing it.
func shred(name string) error {
	f, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		return fmt.Errorf("app: wipe temp file: %w", err)
	}
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		zeros := make([]byte, 32*1024)
		for left := st.Size(); left > 0; {
			n := int64(len(zeros))
			if left < n {
				n = left
			}
			if _, err := f.Write(zeros[:n]); err != nil {
				break
			}
			left -= n
		}
		_ = f.Sync()
	}
	f.Close()
	if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("app: remove temp file: %w", err)
	}
	return nil
}
