package upload

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func chunkPath(dir string, n int) string {
	return filepath.Join(dir, fmt.Sprintf("%06d.part", n))
}

// Assemble streams chunks 0..n-1 from dir, in order, into sink under key and
// returns the hex SHA-256 of the assembled object. A missing chunk yields an
// error that wraps os.ErrNotExist.
func Assemble(ctx context.Context, dir string, n int, sink Sink, key string) (string, error) {
	pr, pw := io.Pipe()
	stored := make(chan error, 1)
	go func() {
		err := sink.Put(ctx, key, pr)
		pr.CloseWithError(err)
		stored <- err
	}()

	h := sha256.New()
	out := io.MultiWriter(pw, h)
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			pw.CloseWithError(err)
			<-stored
			return "", err
		}
		if err := appendChunk(out, chunkPath(dir, i)); err != nil {
			pw.CloseWithError(err)
			<-stored
			return "", fmt.Errorf("assemble %s: chunk %d: %w", key, i, err)
		}
	}
	pw.Close()
	if err := <-stored; err != nil {
		return "", fmt.Errorf("assemble %s: store: %w", key, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func appendChunk(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}
