package mirror

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
)

// fetcher mirrors the entries it receives on jobs. Per-package failures are
// recorded in the tally and do not stop the sync.
func (m *Mirror) fetcher(ctx context.Context, jobs <-chan Entry, t *tally) {
	for e := range jobs { // leak: index walk failed, jobs is never closed
		n, err := m.mirrorOne(ctx, e)
		t.update(func(r *Report) {
			if err != nil {
				r.Failures = append(r.Failures, Failure{Entry: e, Err: err})
				return
			}
			r.Mirrored++
			r.Bytes += n
		})
	}
}

// mirrorOne downloads the tarball of e, verifies it against the checksum
// from the index and stores it. It returns the number of bytes stored.
func (m *Mirror) mirrorOne(ctx context.Context, e Entry) (int64, error) {
	if e.Size > m.opts.maxSize {
		return 0, fmt.Errorf("%s: index size %d: %w", e.Key(), e.Size, ErrTooLarge)
	}
	want, err := hex.DecodeString(e.SHA256)
	if err != nil || len(want) != sha256.Size {
		return 0, fmt.Errorf("%s: malformed checksum %q in index", e.Key(), e.SHA256)
	}

	rc, err := m.up.Tarball(ctx, e)
	if err != nil {
		return 0, fmt.Errorf("download %s: %w", e.Key(), err)
	}
	defer rc.Close()

	h := sha256.New()
	data, err := io.ReadAll(io.TeeReader(io.LimitReader(rc, m.opts.maxSize+1), h))
	if err != nil {
		return 0, fmt.Errorf("download %s: %w", e.Key(), err)
	}
	if int64(len(data)) > m.opts.maxSize {
		return 0, fmt.Errorf("%s: %w", e.Key(), ErrTooLarge)
	}
	if got := h.Sum(nil); !bytes.Equal(got, want) {
		return 0, fmt.Errorf("%s: got sha256 %x, index says %s: %w", e.Key(), got, e.SHA256, ErrChecksum)
	}
	if err := m.store.Put(ctx, e.Key(), data); err != nil {
		return 0, fmt.Errorf("store %s: %w", e.Key(), err)
	}
	return int64(len(data)), nil
}
