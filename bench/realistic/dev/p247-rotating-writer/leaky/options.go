// Package rotate provides an io.WriteCloser for log files that rotates the
// active file by size and age. Rotated segments are compressed with gzip in
// the background and handed to an Archive; once archived, the uncompressed
// segment is removed.
package rotate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Clock abstracts the current time, used for segment age and names.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Archive stores compressed segments. Store must consume r until EOF on
// success.
type Archive interface {
	Store(ctx context.Context, name string, r io.Reader) error
}

// DirArchive stores compressed segments as files in a directory.
type DirArchive struct {
	Dir string
}

// Store writes r to Dir/name atomically.
func (a DirArchive) Store(ctx context.Context, name string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(a.Dir, "."+name+".*")
	if err != nil {
		return fmt.Errorf("create temp: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", name, err)
	}
	return os.Rename(tmp.Name(), filepath.Join(a.Dir, name))
}

// Options configures a Writer. The zero value rotates at DefaultMaxSize,
// never by age, and archives next to the log file.
type Options struct {
	// MaxSize is the size in bytes at which the active file is rotated.
	MaxSize int64
	// MaxAge is the age at which the active file is rotated on the next
	// write. Zero disables age-based rotation.
	MaxAge time.Duration
	// Archive receives compressed segments. Defaults to a DirArchive for
	// the directory of the log file.
	Archive Archive
	// ArchiveTimeout bounds a single Archive.Store call.
	ArchiveTimeout time.Duration
	// QueueSize is the number of rotated segments that may wait for
	// compression. Further segments are left uncompressed.
	QueueSize int
	// Clock defaults to the system clock.
	Clock Clock
	// OnError is called from the background compressor for segments that
	// could not be archived. Defaults to a no-op.
	OnError func(error)
}

// Defaults for zero Options fields.
const (
	DefaultMaxSize        = 100 << 20
	DefaultArchiveTimeout = time.Minute
	DefaultQueueSize      = 8
)

// ErrClosed is returned by writes to a closed Writer.
var ErrClosed = errors.New("rotate: writer closed")

func (o *Options) setDefaults(path string) error {
	if o.MaxSize < 0 || o.MaxAge < 0 || o.QueueSize < 0 || o.ArchiveTimeout < 0 {
		return fmt.Errorf("rotate: negative option value")
	}
	if o.MaxSize == 0 {
		o.MaxSize = DefaultMaxSize
	}
	if o.ArchiveTimeout == 0 {
		o.ArchiveTimeout = DefaultArchiveTimeout
	}
	if o.QueueSize == 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.Archive == nil {
		o.Archive = DirArchive{Dir: filepath.Dir(path)}
	}
	if o.Clock == nil {
		o.Clock = systemClock{}
	}
	if o.OnError == nil {
		o.OnError = func(error) {}
	}
	return nil
}
