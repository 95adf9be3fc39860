// Package tail follows a growing log file, like tail -f, and hands over
// complete lines as they are written.
package tail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Line is one complete line and the offset it starts at.
type Line struct {
	Text   string
	Offset int64
}

// Options tune a follower.
type Options struct {
	// Poll is how long to wait at the end of the file before looking again.
	Poll time.Duration
	// FromStart reads the existing content first instead of only new lines.
	FromStart bool
	// MaxLine cuts lines longer than this many bytes; 0 means 64 KiB.
	MaxLine int
}

// ErrNotRegular is returned for paths that are not regular files.
var ErrNotRegular = errors.New("tail: not a regular file")

// Follow starts following path. Lines arrive on the returned channel until ctx
// ends or the file can no longer be read; then the channel is closed.
func Follow(ctx context.Context, path string, opts Options) (<-chan Line, error) {
	if opts.Poll <= 0 {
		opts.Poll = 250 * time.Millisecond
	}
	if opts.MaxLine <= 0 {
		opts.MaxLine = 64 << 10
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("tail: %w", err)
	}
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = ErrNotRegular
		}
		return nil, fmt.Errorf("tail %s: %w", path, err)
	}
	var offset int64
	if !opts.FromStart {
		if offset, err = f.Seek(0, io.SeekEnd); err != nil {
			f.Close()
			return nil, fmt.Errorf("tail %s: %w", path, err)
		}
	}
	lines := make(chan Line)
	go follow(ctx, f, offset, opts, lines)
	return lines, nil
}
