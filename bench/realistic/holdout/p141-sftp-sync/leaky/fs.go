package sftpsync

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"time"
)

// Entry describes a single file or directory on either side of a sync.
type Entry struct {
	// Path is slash-separated and relative to the root being synced.
	Path    string
	Size    int64
	Mode    fs.FileMode
	ModTime time.Time
	IsDir   bool
}

// RemoteFS is the subset of an SFTP client used by the syncer.
type RemoteFS interface {
	// ReadDir lists the direct children of dir (an absolute remote path).
	ReadDir(ctx context.Context, dir string) ([]Entry, error)
	// Download streams the content of the remote file at name into w.
	Download(ctx context.Context, name string, w io.Writer) error
}

// LocalFS is the destination of a sync. Implementations are expected to
// write files atomically (temporary file + rename) so that a failed Put
// never leaves a truncated file behind.
type LocalFS interface {
	// List returns every file below root, with paths relative to root.
	List(ctx context.Context, root string) ([]Entry, error)
	// Put stores the content read from r at name.
	Put(ctx context.Context, name string, r io.Reader, size int64, mode fs.FileMode, mtime time.Time) error
	// Remove deletes the file at name.
	Remove(ctx context.Context, name string) error
}

// walkRemote returns every regular file below root, sorted by path. Paths in
// the result are relative to root.
func walkRemote(ctx context.Context, rfs RemoteFS, root string, maxDepth int) ([]Entry, error) {
	var out []Entry
	var walk func(rel string, depth int) error
	walk = func(rel string, depth int) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if maxDepth > 0 && depth > maxDepth {
			return nil
		}
		children, err := rfs.ReadDir(ctx, path.Join(root, rel))
		if err != nil {
			return fmt.Errorf("read remote dir %q: %w", path.Join(root, rel), err)
		}
		for _, c := range children {
			c.Path = path.Join(rel, path.Base(c.Path))
			if c.IsDir {
				if err := walk(c.Path, depth+1); err != nil {
					return err
				}
				continue
			}
			out = append(out, c)
		}
		return nil
	}
	if err := walk("", 1); err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
