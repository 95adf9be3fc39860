// Package backup streams volume snapshots to remote object storage.
//
// A snapshot is read from the Source, compressed with gzip and uploaded to
// the Store without ever being staged on local disk: compression and upload
// run concurrently, connected by a pipe. Once the data object is stored a
// small JSON manifest is written next to it, which is what restores and
// retention look at.
package backup

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Source produces point-in-time snapshots of a volume.
type Source interface {
	// OpenSnapshot freezes volume and returns its snapshot identifier and
	// a reader over the raw snapshot contents. The caller closes the reader,
	// which also releases the snapshot.
	OpenSnapshot(ctx context.Context, volume string) (id string, r io.ReadCloser, err error)
}

// Store is a remote object store such as S3 or GCS.
type Store interface {
	// Put stores the contents of body under key. Implementations may return
	// before body is fully consumed if the remote end rejects the upload.
	Put(ctx context.Context, key string, body io.Reader) error
	List(ctx context.Context, prefix string) ([]string, error)
	Delete(ctx context.Context, key string) error
}

// Clock provides the time used to name backups.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Option customises an Agent.
type Option func(*Agent)

// WithPrefix sets the key prefix under which backups are stored.
func WithPrefix(prefix string) Option { return func(a *Agent) { a.prefix = prefix } }

// WithCompressionLevel sets the gzip level, see compress/gzip.
func WithCompressionLevel(level int) Option { return func(a *Agent) { a.level = level } }

// WithClock replaces the system clock.
func WithClock(c Clock) Option { return func(a *Agent) { a.clock = c } }

// WithLogger sets the function used for progress messages.
func WithLogger(logf func(format string, args ...interface{})) Option {
	return func(a *Agent) { a.logf = logf }
}

// Agent performs backups of volumes.
type Agent struct {
	src    Source
	store  Store
	clock  Clock
	prefix string
	level  int
	logf   func(format string, args ...interface{})
}

// ErrNoSource is returned by New when no Source or Store is given.
var ErrNoSource = errors.New("backup: source and store are required")

// New returns an Agent that reads from src and writes to store.
func New(src Source, store Store, opts ...Option) (*Agent, error) {
	if src == nil || store == nil {
		return nil, ErrNoSource
	}
	a := &Agent{
		src:    src,
		store:  store,
		clock:  systemClock{},
		prefix: "backups/",
		level:  gzip.DefaultCompression,
		logf:   log.Printf,
	}
	for _, opt := range opts {
		opt(a)
	}
	if a.level < gzip.HuffmanOnly || a.level > gzip.BestCompression {
		return nil, fmt.Errorf("backup: invalid compression level %d", a.level)
	}
	return a, nil
}

// streamResult is what the compressor reports once it has written the
// whole snapshot into the pipe.
type streamResult struct {
	rawBytes        int64
	compressedBytes int64
	sha256          string
	err             error
}

// Backup snapshots volume and uploads it. It returns the manifest that was
// stored alongside the data.
func (a *Agent) Backup(ctx context.Context, volume string) (*Manifest, error) {
	started := a.clock.Now().UTC()

	id, snap, err := a.src.OpenSnapshot(ctx, volume)
	if err != nil {
		return nil, fmt.Errorf("open snapshot of %s: %w", volume, err)
	}
	defer snap.Close()

	key := dataKey(a.prefix, volume, started)
	pr, pw := io.Pipe()
	results := make(chan streamResult, 1)
	go func() {
		res := a.compress(pw, snap)
		pw.CloseWithError(res.err)
		results <- res
	}()

	a.logf("backup: uploading snapshot %s of %s to %s", id, volume, key)
	if err := a.store.Put(ctx, key, pr); err != nil {
		return nil, fmt.Errorf("upload %s: %w", key, err)
	}
	res := <-results
	if res.err != nil {
		return nil, fmt.Errorf("stream snapshot %s: %w", id, res.err)
	}

	m := &Manifest{
		Volume:          volume,
		SnapshotID:      id,
		DataKey:         key,
		RawBytes:        res.rawBytes,
		CompressedBytes: res.compressedBytes,
		SHA256:          res.sha256,
		StartedAt:       started,
		FinishedAt:      a.clock.Now().UTC(),
	}
	if err := a.putManifest(ctx, m); err != nil {
		return nil, err
	}
	a.logf("backup: %s done, %d bytes (%d compressed)", key, m.RawBytes, m.CompressedBytes)
	return m, nil
}

// compress copies the snapshot through gzip into w, hashing the raw bytes
// on the way.
func (a *Agent) compress(w io.Writer, snap io.Reader) streamResult {
	cw := &countingWriter{w: w}
	zw, err := gzip.NewWriterLevel(cw, a.level)
	if err != nil {
		return streamResult{err: err}
	}
	h := sha256.New()
	n, err := io.Copy(zw, io.TeeReader(snap, h)) // leak: blocks writing into the pipe nobody reads
	if err != nil {
		return streamResult{err: fmt.Errorf("compress: %w", err)}
	}
	if err := zw.Close(); err != nil {
		return streamResult{err: fmt.Errorf("finish gzip stream: %w", err)}
	}
	return streamResult{
		rawBytes:        n,
		compressedBytes: cw.n,
		sha256:          hex.EncodeToString(h.Sum(nil)),
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
