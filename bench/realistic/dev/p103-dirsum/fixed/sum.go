package dirsum

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"sync"
)

// FileSum is the checksum of one file.
type FileSum struct {
	Path   string
	Size   int64
	Digest [sha256.Size]byte
}

type options struct {
	workers  int
	progress func(path string)
}

// Option configures Sum.
type Option func(*options)

// WithWorkers sets how many files are hashed at once.
func WithWorkers(n int) Option { return func(o *options) { o.workers = n } }

// WithProgress registers a callback run after each file is hashed. It may be
// called from several goroutines at once.
func WithProgress(fn func(path string)) Option { return func(o *options) { o.progress = fn } }

type result struct {
	sum FileSum
	err error
}

// Sum hashes every regular file under the root of fsys, following symbolic
// links to files, and returns the checksums sorted by path. It stops at the
// first file that cannot be read.
func Sum(ctx context.Context, fsys fs.FS, opts ...Option) ([]FileSum, error) {
	o := options{workers: 4}
	for _, opt := range opts {
		opt(&o)
	}
	if o.workers < 1 {
		o.workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	paths := make(chan string)
	go func() {
		defer close(paths)
		fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil // sockets, devices, pipes
			}
			select {
			case paths <- p:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()

	results := make(chan result)
	var wg sync.WaitGroup
	for i := 0; i < o.workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range paths {
				s, err := hashFile(fsys, p)
				if err == nil && o.progress != nil {
					o.progress(p)
				}
				select {
				case results <- result{s, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	var sums []FileSum
	for r := range results {
		if r.err != nil {
			return nil, r.err
		}
		sums = append(sums, r.sum)
	}
	sort.Slice(sums, func(i, j int) bool { return sums[i].Path < sums[j].Path })
	return sums, nil
}

func hashFile(fsys fs.FS, p string) (FileSum, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return FileSum{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileSum{}, fmt.Errorf("read %s: %w", p, err)
	}
	s := FileSum{Path: p, Size: n}
	h.Sum(s.Digest[:0])
	return s, nil
}
