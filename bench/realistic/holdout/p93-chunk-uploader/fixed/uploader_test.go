package chunkupload

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClient struct {
	mu       sync.Mutex
	reject   map[int]error
	uploaded map[int][]byte
	calls    int
	complete []CompletedPart
}

func (c *fakeClient) CreateUpload(ctx context.Context, key string, size int64) (string, error) {
	return "upload-" + key, nil
}

func (c *fakeClient) UploadPart(ctx context.Context, uploadID string, part int, data []byte) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls++
	if err, ok := c.reject[part]; ok {
		return "", err
	}
	if c.uploaded == nil {
		c.uploaded = make(map[int][]byte)
	}
	c.uploaded[part] = append([]byte(nil), data...)
	return fmt.Sprintf("etag-%d", part), nil
}

func (c *fakeClient) CompleteUpload(ctx context.Context, uploadID string, parts []CompletedPart) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.complete = parts
	return nil
}

type memStore struct {
	mu       sync.Mutex
	sessions map[string]*Session
}

func (m *memStore) Load(ctx context.Context, key string) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.sessions[key]
	if !ok {
		return nil, ErrNoSession
	}
	return s, nil
}

func (m *memStore) Save(ctx context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions == nil {
		m.sessions = make(map[string]*Session)
	}
	m.sessions[s.Key] = s
	return nil
}

func (m *memStore) Delete(ctx context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.sessions, key)
	return nil
}

type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

func (c *stepClock) After(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	ch <- c.Now()
	return ch
}

type progressLog struct {
	mu   sync.Mutex
	last Progress
}

func (l *progressLog) record(p Progress) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = p
}

func (l *progressLog) latest() Progress {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}

func TestUploadRejectedPartKeepsSessionForResume(t *testing.T) {
	defer goleak.VerifyNone(t)

	data := bytes.Repeat([]byte("abcdefgh"), 8)
	client := &fakeClient{reject: map[int]error{
		3: fmt.Errorf("403 quota exceeded: %w", ErrPermanent),
	}}
	store := &memStore{}
	progress := &progressLog{}
	u := New(client, store,
		WithPartSize(16),
		WithConcurrency(2),
		WithClock(&stepClock{}),
		WithProgress(progress.record),
	)

	err := u.Upload(context.Background(), "clip.mp4", bytes.NewReader(data), int64(len(data)))
	if !errors.Is(err, ErrPermanent) {
		t.Fatalf("Upload error = %v, want ErrPermanent", err)
	}
	sess, err := store.Load(context.Background(), "clip.mp4")
	if err != nil {
		t.Fatalf("session not kept for resume: %v", err)
	}
	if _, ok := sess.Parts[3]; ok {
		t.Fatalf("rejected part recorded as done")
	}
	missing := len(sess.missingParts())

	// Resuming after the quota is lifted sends only the missing parts.
	client.mu.Lock()
	client.reject = nil
	client.calls = 0
	client.mu.Unlock()
	if err := u.Upload(context.Background(), "clip.mp4", bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("resumed Upload: %v", err)
	}
	if client.calls != missing {
		t.Fatalf("resume sent %d parts, want %d", client.calls, missing)
	}
	if len(client.complete) != 4 {
		t.Fatalf("completed %d parts, want 4", len(client.complete))
	}
	if last := progress.latest(); last.BytesSent != int64(len(data)) || last.PartsDone != 4 {
		t.Fatalf("final progress = %+v", last)
	}
	if _, err := store.Load(context.Background(), "clip.mp4"); !errors.Is(err, ErrNoSession) {
		t.Fatalf("session still stored after success: %v", err)
	}
}
