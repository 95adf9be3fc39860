// Package sftpsync mirrors a remote SFTP tree into a local directory.
//
// A sync walks the remote tree, compares it with the local copy by size and
// modification time, and then downloads changed files with a bounded number of
// parallel transfers.
package sftpsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sync"
	"time"
)

// ErrNoRemoteRoot is returned when the remote root is empty.
var ErrNoRemoteRoot = errors.New("sftpsync: remote root not set")

// Logger receives progress messages. *log.Logger satisfies it.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Option configures a Syncer.
type Option func(*Syncer)

// WithParallelism sets how many transfers run at the same time.
func WithParallelism(n int) Option {
	return func(s *Syncer) {
		if n > 0 {
			s.parallelism = n
		}
	}
}

// WithDelete makes the syncer remove local files that are gone remotely.
func WithDelete() Option {
	return func(s *Syncer) { s.plan.deleteExtra = true }
}

// WithMaxDepth limits how deep the remote walk descends. Zero means no limit.
func WithMaxDepth(n int) Option {
	return func(s *Syncer) { s.maxDepth = n }
}

// WithLogger sets the progress logger.
func WithLogger(l Logger) Option {
	return func(s *Syncer) { s.log = l }
}

// Syncer mirrors one remote tree into one local tree.
type Syncer struct {
	remote      RemoteFS
	local       LocalFS
	parallelism int
	maxDepth    int
	plan        planOptions
	log         Logger
}

// New returns a Syncer copying from remote into local.
func New(remote RemoteFS, local LocalFS, opts ...Option) *Syncer {
	s := &Syncer{
		remote:      remote,
		local:       local,
		parallelism: 4,
		plan:        planOptions{mtimeSlack: time.Second},
		log:         nopLogger{},
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Report summarises a finished sync.
type Report struct {
	Copied  int
	Deleted int
	Bytes   int64
	Failed  []string
}

// Sync mirrors remoteRoot into localRoot. It stops at the first failed
// transfer and returns that error together with what was done so far.
func (s *Syncer) Sync(ctx context.Context, remoteRoot, localRoot string) (Report, error) {
	if remoteRoot == "" {
		return Report{}, ErrNoRemoteRoot
	}
	remote, err := walkRemote(ctx, s.remote, remoteRoot, s.maxDepth)
	if err != nil {
		return Report{}, err
	}
	local, err := s.local.List(ctx, localRoot)
	if err != nil {
		return Report{}, fmt.Errorf("list local %q: %w", localRoot, err)
	}
	actions := plan(remote, local, s.plan)
	s.log.Printf("sftpsync: %d remote files, %d local files, %d actions", len(remote), len(local), len(actions))
	return s.execute(ctx, remoteRoot, localRoot, actions)
}

func (s *Syncer) execute(ctx context.Context, remoteRoot, localRoot string, actions []Action) (Report, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var (
		mu       sync.Mutex
		rep      Report
		firstErr error
		wg       sync.WaitGroup
	)
	work := make(chan Action)
	for i := 0; i < s.parallelism; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range work {
				n, err := s.apply(ctx, remoteRoot, localRoot, a)
				mu.Lock()
				switch {
				case err != nil:
					rep.Failed = append(rep.Failed, a.Entry.Path)
					if firstErr == nil {
						firstErr = err
						cancel()
					}
				case a.Kind == ActionCopy:
					rep.Copied++
					rep.Bytes += n
				case a.Kind == ActionDelete:
					rep.Deleted++
				}
				mu.Unlock()
			}
		}()
	}

feed:
	for _, a := range actions {
		select {
		case work <- a:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()

	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return rep, firstErr
}

func (s *Syncer) apply(ctx context.Context, remoteRoot, localRoot string, a Action) (int64, error) {
	dst := path.Join(localRoot, a.Entry.Path)
	switch a.Kind {
	case ActionDelete:
		if err := s.local.Remove(ctx, dst); err != nil {
			return 0, fmt.Errorf("remove %q: %w", dst, err)
		}
		s.log.Printf("sftpsync: deleted %s", dst)
		return 0, nil
	case ActionCopy:
		return s.transfer(ctx, path.Join(remoteRoot, a.Entry.Path), dst, a.Entry)
	default:
		return 0, fmt.Errorf("unknown action %v for %q", a.Kind, a.Entry.Path)
	}
}

// transfer streams one remote file into the local store. The remote client
// pushes bytes into a writer while the local store pulls from a reader, so
// the two are joined with a pipe.
func (s *Syncer) transfer(ctx context.Context, src, dst string, e Entry) (int64, error) {
	pr, pw := io.Pipe()
	go func() {
		err := s.remote.Download(ctx, src, pw) // leak: blocks writing into a pipe nobody reads any more
		pw.CloseWithError(err)
	}()

	cr := &countingReader{r: pr}
	if err := s.local.Put(ctx, dst, cr, e.Size, e.Mode, e.ModTime); err != nil {
		return cr.n, fmt.Errorf("copy %q to %q: %w", src, dst, err)
	}
	if cr.n != e.Size {
		return cr.n, fmt.Errorf("copy %q: got %d bytes, want %d", src, cr.n, e.Size)
	}
	s.log.Printf("sftpsync: copied %s (%d bytes)", dst, cr.n)
	return cr.n, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
