package mirror

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// ErrChecksum is returned when a downloaded archive does not match the index.
var ErrChecksum = errors.New("checksum mismatch")

// Store holds the mirrored archives.
type Store interface {
	// Has reports whether an archive with this digest is already stored.
	Has(sha256 string) bool
	Put(e Entry, data []byte) error
}

// Stats summarises one sync.
type Stats struct {
	Seen, Fetched, Skipped int
}

// Option configures a Mirror.
type Option func(*Mirror)

// WithIndexPath sets the path of the first index page.
func WithIndexPath(p string) Option { return func(m *Mirror) { m.indexPath = p } }

// Mirror copies new archives from an upstream into a store.
type Mirror struct {
	up        Upstream
	store     Store
	indexPath string
}

// New returns a Mirror.
func New(up Upstream, store Store, opts ...Option) *Mirror {
	m := &Mirror{up: up, store: store, indexPath: "index/0.json"}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Sync brings the store up to date with the upstream index. It stops at the
// first archive that fails verification: a corrupt upstream must not be
// mirrored any further.
func (m *Mirror) Sync(ctx context.Context) (Stats, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var st Stats
	entries, errc := streamIndex(ctx, m.up, m.indexPath)
	for e := range entries {
		st.Seen++
		if m.store.Has(e.SHA256) {
			st.Skipped++
			continue
		}
		if err := m.fetch(ctx, e); err != nil {
			return st, fmt.Errorf("mirror: %s %s: %w", e.Name, e.Version, err)
		}
		st.Fetched++
	}
	if err := <-errc; err != nil {
		return st, fmt.Errorf("mirror: %w", err)
	}
	return st, nil
}

// fetch downloads and verifies one archive, then stores it.
func (m *Mirror) fetch(ctx context.Context, e Entry) error {
	data, err := m.up.Get(ctx, e.Path)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
		return fmt.Errorf("%w: index says %.12s, archive is %.12s", ErrChecksum, e.SHA256, got)
	}
	return m.store.Put(e, data)
}
