// Package atomicfile writes a file so that a reader, or the kiosk after a
// power cut, finds either the old content or the new, never a part.
package atomicfile

import (
	"fmt"
	"os"
)

// WriteFile writes data to path through a temporary file beside it
// (synced, then renamed over path) with mode perm. On failure path is
// left as it was and the temporary file is removed.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
