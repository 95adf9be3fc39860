package filesync

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// sync brings the remote copy of name in line with the local file: it is
// uploaded if it exists and deleted otherwise. Whatever happened to the file
// in between, only its current state matters.
func (s *Syncer) sync(ctx context.Context, name string) error {
	f, err := s.cfg.FS.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		if err := s.cfg.Store.Delete(ctx, s.key(name)); err != nil {
			return fmt.Errorf("filesync: delete %s: %w", name, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("filesync: open %s: %w", name, err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("filesync: stat %s: %w", name, err)
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil // directories are implied by the keys of their files
	}
	return s.upload(ctx, name, f, info)
}

// upload sends the contents of f to the store and closes f.
func (s *Syncer) upload(ctx context.Context, name string, f fs.File, info fs.FileInfo) error {
	meta := Meta{ModTime: info.ModTime(), Size: info.Size()}
	var body io.Reader = f
	if s.cfg.Compress {
		// Compress while uploading rather than buffering the whole file.
		pr, pw := io.Pipe()
		go compress(pw, f)
		body = pr
		meta.ContentEncoding = "gzip"
		meta.Size = -1
	} else {
		defer f.Close()
	}

	if err := s.cfg.Store.Put(ctx, s.key(name), body, meta); err != nil {
		return fmt.Errorf("filesync: upload %s: %w", name, err)
	}
	return nil
}

// compress gzips src into pw. The reading side of the pipe sees either the
// complete stream or the error that cut it short.
func compress(pw *io.PipeWriter, src io.ReadCloser) {
	defer src.Close()
	zw := gzip.NewWriter(pw)
	_, err := io.Copy(zw, src) // leak: blocks in pw.Write once Put has given up on the body
	if err == nil {
		err = zw.Close()
	}
	pw.CloseWithError(err)
}
