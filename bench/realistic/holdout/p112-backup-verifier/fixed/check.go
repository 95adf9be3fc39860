package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"time"
)

// Result is the outcome of checking one sampled file.
type Result struct {
	Path    string
	Bytes   int64
	Elapsed time.Duration
	Err     error
}

// pick chooses up to SampleSize files at random. The largest file is
// always included: it is the one most likely to span several volumes.
func (v *Verifier) pick(files []FileEntry) []FileEntry {
	if len(files) <= v.opts.SampleSize {
		return append([]FileEntry(nil), files...)
	}
	largest := 0
	for i, f := range files {
		if f.Size > files[largest].Size {
			largest = i
		}
	}
	v.mu.Lock()
	perm := v.rng.Perm(len(files))
	v.mu.Unlock()

	out := []FileEntry{files[largest]}
	for _, i := range perm {
		if len(out) == v.opts.SampleSize {
			break
		}
		if i != largest {
			out = append(out, files[i])
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// check restores f and compares its size and checksum with the manifest.
func (v *Verifier) check(ctx context.Context, backupID string, f FileEntry) (res Result) {
	start := time.Now()
	res.Path = f.Path
	defer func() { res.Elapsed = time.Since(start) }()

	rc, err := v.restorer.Restore(ctx, backupID, f.Path)
	if err != nil {
		res.Err = fmt.Errorf("restore %s: %w", f.Path, err)
		return res
	}
	defer rc.Close()

	h := sha256.New()
	// Read one byte past the recorded size so that a longer file is
	// reported as a size mismatch rather than silently truncated.
	n, err := io.Copy(h, io.LimitReader(ctxReader{ctx, rc}, f.Size+1))
	res.Bytes = n
	switch {
	case err != nil:
		res.Err = fmt.Errorf("read %s: %w", f.Path, err)
	case n != f.Size:
		res.Err = fmt.Errorf("%s: restored %d bytes, manifest has %d: %w", f.Path, n, f.Size, ErrSizeMismatch)
	case hex.EncodeToString(h.Sum(nil)) != f.SHA256:
		res.Err = fmt.Errorf("%s: %w", f.Path, ErrChecksumMismatch)
	}
	return res
}

// ctxReader stops a long restore stream once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
