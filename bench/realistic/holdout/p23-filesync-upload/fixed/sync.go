// Package filesync mirrors a watched directory to remote storage. Change
// events are debounced so that a burst of writes to one file results in a
// single upload of its final content.
package filesync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"
)

// Op is the kind of change reported by a watcher.
type Op int

// Change kinds.
const (
	Create Op = iota
	Write
	Remove
)

// Event is a change to one path, relative to the watched root.
type Event struct {
	Path string
	Op   Op
}

// Store is the remote side.
type Store interface {
	Put(ctx context.Context, name string, body io.Reader) error
	Delete(ctx context.Context, name string) error
}

// Config holds the client settings.
type Config struct {
	// Quiet is how long a path must see no events before it is uploaded.
	Quiet time.Duration
	// OnError is called for each failed upload or delete; the client carries on.
	OnError func(path string, err error)
}

// Client syncs one directory.
type Client struct {
	fsys  fs.FS
	store Store
	cfg   Config
}

// NewClient returns a client reading local files from fsys.
func NewClient(fsys fs.FS, store Store, cfg Config) *Client {
	if cfg.Quiet <= 0 {
		cfg.Quiet = 500 * time.Millisecond
	}
	if cfg.OnError == nil {
		cfg.OnError = func(string, error) {}
	}
	return &Client{fsys: fsys, store: store, cfg: cfg}
}

// Run consumes events until the channel is closed or ctx ends, then returns
// the number of paths synced successfully.
func (c *Client) Run(ctx context.Context, events <-chan Event) (int, error) {
	synced := 0
	for batch := range debounce(ctx, events, c.cfg.Quiet) {
		for path, op := range batch {
			var err error
			if op == Remove {
				err = c.store.Delete(ctx, path+".gz")
			} else {
				err = c.upload(ctx, path)
			}
			if err != nil {
				c.cfg.OnError(path, err)
				continue
			}
			synced++
		}
	}
	if err := ctx.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return synced, fmt.Errorf("filesync: %w", err)
	}
	return synced, nil
}
