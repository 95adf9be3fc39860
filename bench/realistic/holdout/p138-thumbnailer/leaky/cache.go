package thumbnail

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// DiskCache stores rendered thumbnails as files below a directory. Entries
// are addressed by the SHA-256 of their key and fanned out into 256
// subdirectories to keep directory sizes manageable.
type DiskCache struct {
	dir    string
	maxAge time.Duration
	now    func() time.Time
}

// NewDiskCache creates dir if needed. Entries older than maxAge are treated
// as missing; a maxAge of zero keeps entries forever.
func NewDiskCache(dir string, maxAge time.Duration) (*DiskCache, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("thumbnail: create cache dir: %w", err)
	}
	return &DiskCache{dir: dir, maxAge: maxAge, now: time.Now}, nil
}

func (c *DiskCache) path(key string) string {
	sum := sha256.Sum256([]byte(key))
	name := hex.EncodeToString(sum[:])
	return filepath.Join(c.dir, name[:2], name[2:])
}

// Get returns the cached bytes for key. A miss is reported as ok == false
// with a nil error.
func (c *DiskCache) Get(key string) (data []byte, ok bool, err error) {
	p := c.path(key)
	if c.maxAge > 0 {
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("thumbnail: stat cache entry: %w", err)
		}
		if c.now().Sub(fi.ModTime()) > c.maxAge {
			return nil, false, nil
		}
	}
	data, err = os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("thumbnail: read cache entry: %w", err)
	}
	return data, true, nil
}

// Put stores data under key. The file is written to a temporary name and
// renamed into place so readers never observe a partial entry.
func (c *DiskCache) Put(key string, data []byte) error {
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("thumbnail: create cache shard: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("thumbnail: create temp file: %w", err)
	}
	tmp := f.Name()
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(tmp)
		return fmt.Errorf("thumbnail: write cache entry: %w", werr)
	}
	if err := os.Rename(tmp, p); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("thumbnail: commit cache entry: %w", err)
	}
	return nil
}
