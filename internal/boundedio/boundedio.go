// Package boundedio reads files with a size bound, so a huge file, or a
// device or pipe that never ends (/dev/zero, a FIFO), is refused instead of
// read until memory runs out. Every file the kiosk reads whole goes
// through it: the configuration, the cached catalog, fonts, PDFs, the
// files `outbox add` queues.
package boundedio

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is wrapped when a file is larger than the bound.
var ErrTooLarge = errors.New("larger than the limit")

// ReadFile reads the file at path if it holds at most max bytes. A regular
// file over the bound is refused before anything is read; for a device or
// pipe, reading stops one byte past it.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > max {
		return nil, fmt.Errorf("%s is %s: %w of %s", path, Size(st.Size()), ErrTooLarge, Size(max))
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w of %s", path, ErrTooLarge, Size(max))
	}
	return data, nil
}

// Size formats a byte count for a person: 512 B, 20.0 KB, 1.5 MB.
func Size(n int64) string {
	switch {
	case n < 1<<10:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
