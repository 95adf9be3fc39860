package auditship

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Spool durably stores batches that could not be delivered.
type Spool interface {
	Put(name string, data []byte) error
	List() ([]string, error)
	Get(name string) ([]byte, error)
	Remove(name string) error
}

const spoolExt = ".batch"

// DirSpool is a Spool backed by a local directory. Each batch is one file,
// written atomically via a temporary file and rename.
type DirSpool struct {
	dir string
}

// NewDirSpool opens (creating if needed) a spool rooted at dir.
func NewDirSpool(dir string) (*DirSpool, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("auditship: create spool dir: %w", err)
	}
	return &DirSpool{dir: dir}, nil
}

func (sp *DirSpool) path(name string) string {
	return filepath.Join(sp.dir, url.PathEscape(name)+spoolExt)
}

// Put stores data under name.
func (sp *DirSpool) Put(name string, data []byte) error {
	tmp, err := os.CreateTemp(sp.dir, ".tmp-*")
	if err != nil {
		return fmt.Errorf("auditship: spool temp file: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), sp.path(name))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("auditship: write spool file: %w", err)
	}
	return nil
}

// List returns spooled batch names in ascending order.
func (sp *DirSpool) List() ([]string, error) {
	entries, err := os.ReadDir(sp.dir)
	if err != nil {
		return nil, fmt.Errorf("auditship: list spool: %w", err)
	}
	var names []string
	for _, e := range entries {
		base := e.Name()
		if e.IsDir() || !strings.HasSuffix(base, spoolExt) {
			continue
		}
		name, err := url.PathUnescape(strings.TrimSuffix(base, spoolExt))
		if err != nil {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	return names, nil
}

// Get returns the data spooled under name.
func (sp *DirSpool) Get(name string) ([]byte, error) {
	data, err := os.ReadFile(sp.path(name))
	if err != nil {
		return nil, fmt.Errorf("auditship: read spool file: %w", err)
	}
	return data, nil
}

// Remove deletes the batch spooled under name.
func (sp *DirSpool) Remove(name string) error {
	if err := os.Remove(sp.path(name)); err != nil {
		return fmt.Errorf("auditship: remove spool file: %w", err)
	}
	return nil
}
