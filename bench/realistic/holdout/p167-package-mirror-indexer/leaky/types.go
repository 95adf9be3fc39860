// Package mirror keeps a local copy of an upstream package registry. It
// walks the paginated upstream index, downloads the tarballs that are not
// mirrored yet and verifies their checksums before storing them.
package mirror

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"
)

// Errors reported for individual packages.
var (
	ErrChecksum = errors.New("checksum mismatch")
	ErrTooLarge = errors.New("tarball exceeds size limit")
)

// Entry is one package version listed in the upstream index.
type Entry struct {
	Name    string
	Version string
	SHA256  string // hex encoded
	Size    int64
	Yanked  bool
}

// Key is the storage key of the entry's tarball.
func (e Entry) Key() string { return e.Name + "/" + e.Name + "-" + e.Version + ".tgz" }

// Page is one page of the upstream index. Next is empty on the last page.
type Page struct {
	Entries []Entry
	Next    string
}

// Upstream is the registry being mirrored.
type Upstream interface {
	// Index returns the index page at cursor; the empty cursor is the first.
	Index(ctx context.Context, cursor string) (Page, error)
	// Tarball opens the tarball of e.
	Tarball(ctx context.Context, e Entry) (io.ReadCloser, error)
}

// Store is the local mirror storage.
type Store interface {
	Has(ctx context.Context, key string) (bool, error)
	Put(ctx context.Context, key string, data []byte) error
}

// Clock is used for retry back-off.
type Clock interface {
	After(d time.Duration) <-chan time.Time
}

type systemClock struct{}

func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// TemporaryError marks upstream failures worth retrying, such as HTTP 429
// or 503 responses.
type TemporaryError interface {
	error
	Temporary() bool
}

// Failure records why one package version could not be mirrored.
type Failure struct {
	Entry Entry
	Err   error
}

// Report summarises a sync run.
type Report struct {
	Pages     int
	Listed    int
	Skipped   int // already mirrored or yanked
	Mirrored  int
	Bytes     int64
	Failures  []Failure
	Duration  time.Duration
	Truncated bool // the walk did not reach the last page
}

// tally accumulates a Report from concurrent workers.
type tally struct {
	mu  sync.Mutex
	rep Report
}

func (t *tally) update(f func(r *Report)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.rep)
}

func (t *tally) snapshot() Report {
	t.mu.Lock()
	defer t.mu.Unlock()
	r := t.rep
	r.Failures = append([]Failure(nil), t.rep.Failures...)
	return r
}
