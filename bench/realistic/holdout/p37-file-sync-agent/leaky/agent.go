// Package filesync mirrors local directories to a remote object store. The
// agent polls the directories it watches, notices files whose size or
// modification time changed since the last pass and uploads them compressed.
package filesync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Store is the remote side of the sync.
type Store interface {
	// Put stores the object read from body under name.
	Put(ctx context.Context, name string, body io.Reader) error
}

// Option configures an Agent.
type Option func(*Agent)

// WithInterval sets how often Run rescans the watched directories.
func WithInterval(d time.Duration) Option {
	return func(a *Agent) { a.interval = d }
}

// WithLogger routes the agent's log lines to logf.
func WithLogger(logf func(format string, args ...any)) Option {
	return func(a *Agent) { a.logf = logf }
}

type fileState struct {
	size    int64
	modTime time.Time
}

func (s fileState) same(o fileState) bool {
	return s.size == o.size && s.modTime.Equal(o.modTime)
}

type change struct {
	path  string // on local disk
	name  string // object name, slash separated
	state fileState
}

// Agent watches a set of directories and uploads what changes in them.
type Agent struct {
	store    Store
	dirs     []string
	interval time.Duration
	logf     func(format string, args ...any)

	mu   sync.Mutex
	seen map[string]fileState
}

// NewAgent returns an agent that mirrors dirs into store.
func NewAgent(store Store, dirs []string, opts ...Option) *Agent {
	a := &Agent{
		store:    store,
		dirs:     dirs,
		interval: 30 * time.Second,
		logf:     log.Printf,
		seen:     make(map[string]fileState),
	}
	for _, o := range opts {
		o(a)
	}
	return a
}

// Run syncs once per interval until ctx is done.
func (a *Agent) Run(ctx context.Context) error {
	t := time.NewTicker(a.interval)
	defer t.Stop()
	for {
		if err := a.SyncOnce(ctx); err != nil && !errors.Is(err, context.Canceled) {
			a.logf("filesync: %v", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// SyncOnce scans the watched directories and uploads every changed file.
// A file that fails to upload is not marked as seen, so the next pass tries
// it again. The error reports the first failure.
func (a *Agent) SyncOnce(ctx context.Context) error {
	changed, err := a.scan()
	if err != nil {
		return err
	}
	var failed int
	var first error
	for _, c := range changed {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := a.upload(ctx, c.path, c.name); err != nil {
			failed++
			if first == nil {
				first = err
			}
			continue
		}
		a.mu.Lock()
		a.seen[c.path] = c.state
		a.mu.Unlock()
	}
	if failed > 0 {
		return fmt.Errorf("filesync: %d of %d uploads failed: %w", failed, len(changed), first)
	}
	return nil
}

func (a *Agent) scan() ([]change, error) {
	var out []change
	for _, root := range a.dirs {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			st := fileState{size: info.Size(), modTime: info.ModTime()}
			a.mu.Lock()
			prev, ok := a.seen[p]
			a.mu.Unlock()
			if ok && prev.same(st) {
				return nil
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			name := filepath.ToSlash(filepath.Join(filepath.Base(root), rel))
			out = append(out, change{path: p, name: name, state: st})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("filesync: scan %s: %w", root, err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}
