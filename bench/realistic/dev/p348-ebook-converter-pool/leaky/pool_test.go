package convpool

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeObject struct {
	bytes.Buffer
	store *fakeStore
	key   string
}

func (o *fakeObject) Commit() error {
	o.store.mu.Lock()
	defer o.store.mu.Unlock()
	o.store.objects[o.key] = o.Bytes()
	return nil
}

func (o *fakeObject) Abort() error { return nil }

type fakeStore struct {
	mu      sync.Mutex
	objects map[string][]byte
}

func (s *fakeStore) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.objects[key]
	if !ok {
		return nil, fmt.Errorf("open %s: not found", key)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

func (s *fakeStore) Create(ctx context.Context, key string) (Object, error) {
	return &fakeObject{store: s, key: key}, nil
}

var errNotZip = errors.New("exit status 2: input is not a zip archive")

// fakeProcess behaves like a converter that validates its input before
// converting: an EPUB must start with the zip local file header.
type fakeProcess struct{}

func (fakeProcess) Convert(ctx context.Context, in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	line, err := r.ReadBytes('\n')
	if err != nil {
		return fmt.Errorf("read header: %w", err)
	}
	var hdr requestHeader
	if err := json.Unmarshal(line, &hdr); err != nil {
		return fmt.Errorf("parse header: %w", err)
	}
	magic := make([]byte, 4)
	if _, err := io.ReadFull(r, magic); err != nil {
		return fmt.Errorf("read magic: %w", err)
	}
	if hdr.From == EPUB && !bytes.Equal(magic, []byte("PK\x03\x04")) {
		return errNotZip
	}
	_, err = io.Copy(out, r)
	return err
}

func (fakeProcess) Close() error { return nil }

type fakeLauncher struct{}

func (fakeLauncher) Launch(ctx context.Context) (Process, error) { return fakeProcess{}, nil }

func TestCorruptInputFailsJob(t *testing.T) {
	defer goleak.VerifyNone(t)

	// A PDF uploaded with an .epub name: large enough that the converter
	// rejects it long before the whole book has been streamed.
	book := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("0123456789abcdef"), 16<<10)...)
	store := &fakeStore{objects: map[string][]byte{"uploads/novel.epub": book}}

	p, err := New(Config{Store: store, Launcher: fakeLauncher{}, Workers: 1})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer p.Close()

	tk, err := p.Submit(Job{
		ID:       "job-1",
		Source:   "uploads/novel.epub",
		Target:   "converted/novel.mobi",
		From:     EPUB,
		To:       MOBI,
		Priority: PriorityHigh,
	})
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	_, err = tk.Wait(context.Background())
	var ce *ConverterError
	if !errors.As(err, &ce) || !errors.Is(err, errNotZip) {
		t.Fatalf("Wait error = %v, want ConverterError wrapping %v", err, errNotZip)
	}
}
