package multipart

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// memStore is an in-memory ObjectStore. failPart, if set, decides whether an
// UploadPart call fails and with what error.
type memStore struct {
	mu       sync.Mutex
	nextID   int
	parts    map[string]map[int][]byte
	objects  map[string][]byte
	meta     map[string]map[string]string
	aborted  []string
	failPart func(number int) error
}

func newMemStore() *memStore {
	return &memStore{
		parts:   make(map[string]map[int][]byte),
		objects: make(map[string][]byte),
		meta:    make(map[string]map[string]string),
	}
}

func (s *memStore) CreateMultipartUpload(_ context.Context, bucket, key string, meta map[string]string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	id := fmt.Sprintf("upload-%d", s.nextID)
	s.parts[id] = make(map[int][]byte)
	s.meta[bucket+"/"+key] = meta
	return id, nil
}

func (s *memStore) UploadPart(ctx context.Context, _, _, id string, number int, body []byte) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if s.failPart != nil {
		if err := s.failPart(number); err != nil {
			return "", err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.parts[id][number] = append([]byte(nil), body...)
	return fmt.Sprintf(`"etag-%d"`, number), nil
}

func (s *memStore) CompleteMultipartUpload(_ context.Context, bucket, key, id string, parts []CompletedPart) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !sort.SliceIsSorted(parts, func(i, j int) bool { return parts[i].Number < parts[j].Number }) {
		return &StoreError{Code: "InvalidPartOrder", StatusCode: 400}
	}
	var obj []byte
	for _, p := range parts {
		obj = append(obj, s.parts[id][p.Number]...)
	}
	s.objects[bucket+"/"+key] = obj
	delete(s.parts, id)
	return nil
}

func (s *memStore) AbortMultipartUpload(_ context.Context, _, _, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.aborted = append(s.aborted, id)
	delete(s.parts, id)
	return nil
}

// payload returns n bytes of incompressible data.
func payload(n int) []byte {
	b := make([]byte, n)
	rand.New(rand.NewSource(42)).Read(b)
	return b
}

func TestUploadCompressedRoundTrip(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := newMemStore()
	up, err := New(store, Config{Bucket: "backups", PartSize: 64 << 10, Concurrency: 3, Compress: true})
	if err != nil {
		t.Fatal(err)
	}
	data := payload(300 << 10)
	res, err := up.Upload(context.Background(), "db/2024-05-01.dump.gz", bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if res.Parts < 2 {
		t.Errorf("Parts = %d, want several", res.Parts)
	}
	zr, err := gzip.NewReader(bytes.NewReader(store.objects["backups/db/2024-05-01.dump.gz"]))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("stored object does not decompress to the source (%d vs %d bytes)", len(got), len(data))
	}
	if enc := store.meta["backups/db/2024-05-01.dump.gz"]["Content-Encoding"]; enc != "gzip" {
		t.Errorf("Content-Encoding = %q, want gzip", enc)
	}
}

func TestUploadCompressedAbortsOnPartFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	denied := &StoreError{Code: "AccessDenied", StatusCode: 403, Message: "bucket policy denies s3:PutObject"}
	store := newMemStore()
	store.failPart = func(number int) error {
		if number == 2 {
			return denied
		}
		return nil
	}
	up, err := New(store, Config{Bucket: "backups", PartSize: 16 << 10, Concurrency: 2, MaxRetries: 3, Compress: true})
	if err != nil {
		t.Fatal(err)
	}

	_, err = up.Upload(context.Background(), "db/2024-05-02.dump.gz", bytes.NewReader(payload(1<<20)))
	var uerr *UploadError
	if !errors.As(err, &uerr) {
		t.Fatalf("Upload error = %v, want *UploadError", err)
	}
	if !errors.Is(err, denied) {
		t.Errorf("Upload error = %v, want it to wrap the store error", err)
	}
	if len(store.aborted) != 1 || store.aborted[0] != uerr.UploadID {
		t.Errorf("aborted uploads = %v, want [%s]", store.aborted, uerr.UploadID)
	}
	if _, ok := store.objects["backups/db/2024-05-02.dump.gz"]; ok {
		t.Error("object was completed despite the failed part")
	}
}
