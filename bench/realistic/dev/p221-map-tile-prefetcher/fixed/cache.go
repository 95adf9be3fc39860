package tiles

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// Cache stores tile images. Implementations must be safe for concurrent use.
type Cache interface {
	// Fresh reports whether a usable copy of t is already cached.
	Fresh(t Tile) (bool, error)
	// Put stores data as the cached image of t.
	Put(t Tile, data []byte) error
}

// DiskCache is a Cache that keeps tiles as files in a z/x/y directory tree,
// the same layout most tile servers and map viewers use.
type DiskCache struct {
	dir    string
	maxAge time.Duration
}

// NewDiskCache returns a DiskCache rooted at dir, creating the directory if
// necessary. Tiles older than maxAge are reported as stale; zero means they never expire.
func NewDiskCache(dir string, maxAge time.Duration) (*DiskCache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("tiles: create cache dir: %w", err)
	}
	return &DiskCache{dir: dir, maxAge: maxAge}, nil
}

func (c *DiskCache) path(t Tile) string {
	return filepath.Join(c.dir, strconv.Itoa(t.Z), strconv.Itoa(t.X), strconv.Itoa(t.Y)+".png")
}

// Fresh implements Cache.
func (c *DiskCache) Fresh(t Tile) (bool, error) {
	fi, err := os.Stat(c.path(t))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("tiles: stat cached %s: %w", t, err)
	}
	if c.maxAge > 0 && time.Since(fi.ModTime()) > c.maxAge {
		return false, nil
	}
	return true, nil
}

// Put implements Cache. The tile is written to a temporary file and renamed
// into place, so readers never observe a partially written image.
func (c *DiskCache) Put(t Tile, data []byte) error {
	p := c.path(t)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("tiles: cache %s: %w", t, err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tile-*")
	if err != nil {
		return fmt.Errorf("tiles: cache %s: %w", t, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("tiles: write %s: %w", t, err)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("tiles: cache %s: %w", t, err)
	}
	return nil
}
