package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memStore struct {
	mu  sync.Mutex
	cps map[string]Checkpoint
}

func (s *memStore) Load(key string) (Checkpoint, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cp, ok := s.cps[key]
	return cp, ok, nil
}

func (s *memStore) Save(key string, cp Checkpoint) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cps[key] = cp
	return nil
}

func (s *memStore) Delete(key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.cps, key)
	return nil
}

// fakeService stores parts in memory. The first attempt at each part listed
// in throttle is rejected with a retryable error.
type fakeService struct {
	mu        sync.Mutex
	parts     map[int][]byte
	throttle  map[int]bool
	attempts  map[int]int
	committed *Manifest
}

func newFakeService() *fakeService {
	return &fakeService{
		parts:    make(map[int][]byte),
		throttle: make(map[int]bool),
		attempts: make(map[int]int),
	}
}

func (f *fakeService) CreateUpload(ctx context.Context, key string, size int64) (string, error) {
	return "upload-1", nil
}

func (f *fakeService) UploadPart(ctx context.Context, req PartRequest) (string, error) {
	f.mu.Lock()
	f.attempts[req.Number]++
	reject := f.throttle[req.Number] && f.attempts[req.Number] == 1
	f.mu.Unlock()
	if reject {
		return "", &RetryableError{Err: errors.New("503 slow down")}
	}

	_, params, err := mime.ParseMediaType(req.ContentType)
	if err != nil {
		return "", err
	}
	form, err := multipart.NewReader(req.Body, params["boundary"]).ReadForm(1 << 20)
	if err != nil {
		return "", fmt.Errorf("read form: %w", err)
	}
	defer form.RemoveAll()
	if got := form.Value["part"]; len(got) != 1 || got[0] != strconv.Itoa(req.Number) {
		return "", fmt.Errorf("part field = %v, want %d", got, req.Number)
	}
	fh := form.File["data"]
	if len(fh) != 1 {
		return "", errors.New("missing data")
	}
	file, err := fh[0].Open()
	if err != nil {
		return "", err
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != req.SHA256 {
		return "", errors.New("checksum mismatch")
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	f.parts[req.Number] = data
	return fmt.Sprintf("etag-%d", req.Number), nil
}

func (f *fakeService) ListParts(ctx context.Context, uploadID string) ([]PartInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var infos []PartInfo
	for n, data := range f.parts {
		sum := sha256.Sum256(data)
		infos = append(infos, PartInfo{Number: n, ETag: fmt.Sprintf("etag-%d", n), SHA256: hex.EncodeToString(sum[:])})
	}
	return infos, nil
}

func (f *fakeService) Complete(ctx context.Context, uploadID string, m Manifest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.committed = &m
	return nil
}

func TestUploadResumesAndRetriesThrottledPart(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := []byte("the quick brown fox jumps over the lazy dog")
	svc := newFakeService()
	svc.parts[1] = append([]byte(nil), src[:16]...) // left over from an interrupted run
	svc.throttle[2] = true
	store := &memStore{cps: map[string]Checkpoint{
		"backups/fox.txt": {UploadID: "upload-1", Size: int64(len(src)), PartSize: 16},
	}}

	u := New(svc, store, Config{PartSize: 16, Concurrency: 1, MaxAttempts: 3})
	m, err := u.Upload(context.Background(), "backups/fox.txt", bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}

	if len(m.Parts) != 3 {
		t.Fatalf("manifest has %d parts, want 3", len(m.Parts))
	}
	var got []byte
	for i, p := range m.Parts {
		if p.Number != i+1 {
			t.Fatalf("manifest part %d has number %d", i, p.Number)
		}
		got = append(got, svc.parts[p.Number]...)
	}
	if !bytes.Equal(got, src) {
		t.Fatalf("reassembled %q, want %q", got, src)
	}
	if svc.attempts[1] != 0 || svc.attempts[2] != 2 || svc.attempts[3] != 1 {
		t.Fatalf("attempts = %v, want part 1 skipped, part 2 twice, part 3 once", svc.attempts)
	}
	if svc.committed == nil {
		t.Fatal("manifest was not committed")
	}
	if _, ok, _ := store.Load("backups/fox.txt"); ok {
		t.Fatal("checkpoint not cleared after commit")
	}
}
