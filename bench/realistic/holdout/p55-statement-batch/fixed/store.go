package statements

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrTooLarge is returned for documents over the store's size limit.
var ErrTooLarge = errors.New("document exceeds size limit")

// DirStore files documents in a local directory, writing each one to a
// temporary file first so readers never see a partial document.
type DirStore struct {
	Dir      string
	MaxBytes int64
}

// Put stores the contents of r under name.
func (s *DirStore) Put(name string, r io.Reader) error {
	tmp, err := os.CreateTemp(s.Dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("store %s: %w", name, err)
	}
	defer os.Remove(tmp.Name())

	n, err := io.Copy(tmp, io.LimitReader(r, s.MaxBytes+1))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("store %s: %w", name, err)
	}
	if n > s.MaxBytes {
		return fmt.Errorf("store %s: %w (%d bytes)", name, ErrTooLarge, s.MaxBytes)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.Dir, name)); err != nil {
		return fmt.Errorf("store %s: %w", name, err)
	}
	return nil
}
