// Package filesync mirrors a local directory to remote object storage. It
// watches the directory for changes, waits until a file has been quiet for a
// debounce period, and then uploads it, or deletes the remote copy if the
// file is gone.
package filesync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"time"
)

// Op is a bit set describing what happened to a path.
type Op uint8

// Operations reported by a Watcher.
const (
	Create Op = 1 << iota
	Write
	Remove
	Rename
	Chmod
)

// Event reports a change to a file. Path is slash-separated and relative to
// the synced directory.
type Event struct {
	Path string
	Op   Op
}

// Watcher is a source of file system events, such as an fsnotify watcher
// adapted to this package.
type Watcher interface {
	Events() <-chan Event
	Errors() <-chan error
}

// Meta describes an uploaded object.
type Meta struct {
	// ContentEncoding is "gzip" for compressed uploads.
	ContentEncoding string
	ModTime         time.Time
	// Size is the length of the body, or -1 if it is not known in advance.
	Size int64
}

// Store is the remote object storage. Errors that implement
// Temporary() bool and return true are retried after another debounce
// period; all other errors are reported and the change is dropped.
type Store interface {
	Put(ctx context.Context, key string, body io.Reader, meta Meta) error
	Delete(ctx context.Context, key string) error
}

// Clock abstracts time for the debouncer.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// ErrWatcherClosed is returned by Run when the watcher's event channel is
// closed.
var ErrWatcherClosed = errors.New("filesync: watcher closed")

// DefaultIgnore matches the temporary files of common editors.
var DefaultIgnore = []string{"*.swp", "*.swx", "*~", ".#*", "4913"}

// Config configures a Syncer.
type Config struct {
	// FS is the directory being synced, typically os.DirFS(root).
	FS      fs.FS
	Watcher Watcher
	Store   Store
	// Prefix is prepended to every object key.
	Prefix string
	// Debounce is how long a file must be left alone before it is synced;
	// default 2s. Editors often write a file several times in a row.
	Debounce time.Duration
	// Compress gzips file contents on the fly while uploading.
	Compress bool
	// Ignore lists path.Match patterns for base names that are never synced;
	// nil means DefaultIgnore.
	Ignore []string
	Clock  Clock
	// Report, if set, is called after every sync attempt with its outcome.
	Report func(path string, err error)
}

// Syncer mirrors changes reported by a Watcher to a Store.
type Syncer struct {
	cfg Config
}

// New checks cfg and returns a Syncer.
func New(cfg Config) (*Syncer, error) {
	if cfg.FS == nil || cfg.Watcher == nil || cfg.Store == nil {
		return nil, errors.New("filesync: FS, Watcher and Store are required")
	}
	for _, p := range cfg.Ignore {
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("filesync: bad ignore pattern %q: %w", p, err)
		}
	}
	if cfg.Ignore == nil {
		cfg.Ignore = DefaultIgnore
	}
	if cfg.Debounce <= 0 {
		cfg.Debounce = 2 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Report == nil {
		cfg.Report = func(string, error) {}
	}
	cfg.Prefix = strings.TrimSuffix(cfg.Prefix, "/")
	return &Syncer{cfg: cfg}, nil
}

func (s *Syncer) key(name string) string {
	if s.cfg.Prefix == "" {
		return name
	}
	return s.cfg.Prefix + "/" + name
}

func (s *Syncer) ignored(name string) bool {
	base := path.Base(name)
	for _, p := range s.cfg.Ignore {
		if ok, _ := path.Match(p, base); ok {
			return true
		}
	}
	return false
}
