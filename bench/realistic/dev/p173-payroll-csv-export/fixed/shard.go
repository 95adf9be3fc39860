package payroll

import (
	"context"
	"fmt"
	"io"
)

// writeShard streams one shard into the sink without buffering the whole
// file in memory: the CSV is encoded on one side of a pipe while the sink
// consumes the other.
func (e *Exporter) writeShard(ctx context.Context, name, stamp string, rows []PayLine) error {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		pw.CloseWithError(encodeShard(pw, stamp, rows))
	}()
	if err := e.sink.Put(ctx, name, pr); err != nil {
		return fmt.Errorf("put %s: %w", name, err)
	}
	return nil
}
