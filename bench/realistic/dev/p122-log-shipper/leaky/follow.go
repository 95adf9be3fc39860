package shipper

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Follow opens path and returns a reader that yields its contents and then,
// like tail -f, whatever is appended to it, until ctx is done. The reader
// fails with ctx.Err() once ctx is done.
func Follow(ctx context.Context, path string, poll time.Duration) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("follow: %w", err)
	}
	pr, pw := io.Pipe()
	go func() {
		defer f.Close()
		pw.CloseWithError(copyFollow(ctx, pw, f, poll))
	}()
	return pr, nil
}

// copyFollow copies f to w, polling for appended data at EOF.
func copyFollow(ctx context.Context, w io.Writer, f *os.File, poll time.Duration) error {
	buf := make([]byte, 32*1024)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil { // leak: Ship returns on a forwarding error without closing the pipe, so this write never completes
				return werr
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(poll):
			}
		case err != nil:
			return fmt.Errorf("read %s: %w", f.Name(), err)
		}
	}
}
