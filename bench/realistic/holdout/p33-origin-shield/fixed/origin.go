package shield

import (
	"context"
	"io"
)

// Origin is the upstream store. Fetch streams the object for key by calling fn with
// successive chunks; it stops and returns fn's error if fn fails.
type Origin interface {
	Fetch(ctx context.Context, key string, fn func(chunk []byte) error) error
}

// openStream adapts the push-style Origin API to an io.Reader. Closing the returned
// reader aborts the fetch.
func openStream(ctx context.Context, o Origin, key string) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		err := o.Fetch(ctx, key, func(chunk []byte) error {
			_, err := pw.Write(chunk)
			return err
		})
		pw.CloseWithError(err)
	}()
	return pr
}
