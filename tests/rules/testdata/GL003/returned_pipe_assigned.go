package returnedpipeassigned

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
)

// run: b := &Backup{store: refusing{}, encrypt: true, key: 7}; _ = b.Save(context.Background(), "db", strings.NewReader("rows"))

// Store keeps named blobs.
type Store interface {
	Put(ctx context.Context, name string, r io.Reader) (int64, error)
}

type refusing struct{}

func (refusing) Put(context.Context, string, io.Reader) (int64, error) {
	return 0, errors.New("quota exceeded")
}

// Backup saves snapshots, sealed when asked.
type Backup struct {
	store   Store
	encrypt bool
	key     byte
	saved   map[string]int64
}

// sealStream returns a reader of src with every byte mixed with key.
func sealStream(src io.Reader, key byte) io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := src.Read(buf)
			for i := range buf[:n] {
				buf[i] ^= key
			}
			if _, werr := pw.Write(buf[:n]); werr != nil {
				return
			}
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				pw.CloseWithError(err)
				return
			}
		}
	}()
	return pr
}

// Save stores data under name.
func (b *Backup) Save(ctx context.Context, name string, data io.Reader) error {
	var body io.Reader = data
	if b.encrypt {
		body = sealStream(data, b.key) // want "`sealStream` starts a goroutine writing the pipe whose reader it returns: it blocks forever when `Save` returns at line 68"
	}
	n, err := b.store.Put(ctx, name, body)
	if err == nil {
		err = b.record(name, n)
	}
	if err != nil {
		return fmt.Errorf("backup %s: %w", name, err)
	}
	return nil
}

func (b *Backup) record(name string, n int64) error {
	if strings.TrimSpace(name) == "" {
		return errors.New("empty name")
	}
	if b.saved == nil {
		b.saved = map[string]int64{}
	}
	b.saved[name] = n
	return nil
}
