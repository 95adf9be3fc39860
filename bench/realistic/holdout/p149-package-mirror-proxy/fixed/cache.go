package mirror

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Cache stores verified artifacts by key. Open must return an error
// satisfying errors.Is(err, fs.ErrNotExist) for absent keys. Put consumes r
// until EOF and stores its contents atomically.
type Cache interface {
	Open(key string) (io.ReadCloser, error)
	Put(key string, r io.Reader) (int64, error)
	Remove(key string) error
}

// DiskCache is a Cache backed by a directory tree.
type DiskCache struct {
	Dir string
}

// Open implements Cache.
func (c *DiskCache) Open(key string) (io.ReadCloser, error) {
	f, err := os.Open(c.path(key))
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Put implements Cache. Data is written to a temporary file in the target
// directory and renamed into place, so readers never see partial artifacts.
func (c *DiskCache) Put(key string, r io.Reader) (int64, error) {
	dst := c.path(key)
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return 0, fmt.Errorf("disk cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".tmp-*")
	if err != nil {
		return 0, fmt.Errorf("disk cache: %w", err)
	}
	n, err := io.Copy(tmp, r)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), dst)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return n, fmt.Errorf("disk cache: writing %s: %w", key, err)
	}
	return n, nil
}

// Remove implements Cache. Removing an absent key is not an error.
func (c *DiskCache) Remove(key string) error {
	if err := os.Remove(c.path(key)); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("disk cache: %w", err)
	}
	return nil
}

func (c *DiskCache) path(key string) string {
	return filepath.Join(c.Dir, filepath.FromSlash(key))
}
