package chunkupload

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// ErrNoSession is returned by SessionStore.Load when nothing is stored.
var ErrNoSession = errors.New("chunkupload: no session")

// SessionStore persists upload sessions between runs.
type SessionStore interface {
	Load(ctx context.Context, key string) (*Session, error)
	Save(ctx context.Context, s *Session) error
	Delete(ctx context.Context, key string) error
}

// Session is the resumable state of one multipart upload.
type Session struct {
	Key      string
	UploadID string
	Size     int64
	PartSize int64
	// Parts maps acknowledged part numbers to their ETags.
	Parts map[int]string

	mu sync.Mutex
}

// openSession resumes a stored session for key if it matches the current
// file and part size, and starts a fresh upload otherwise.
func (u *Uploader) openSession(ctx context.Context, key string, size int64) (*Session, error) {
	sess, err := u.store.Load(ctx, key)
	switch {
	case err == nil && sess.Size == size && sess.PartSize == u.partSize:
		if sess.Parts == nil {
			sess.Parts = make(map[int]string)
		}
		return sess, nil
	case err != nil && !errors.Is(err, ErrNoSession):
		return nil, fmt.Errorf("load: %w", err)
	}

	id, err := u.client.CreateUpload(ctx, key, size)
	if err != nil {
		return nil, fmt.Errorf("create upload: %w", err)
	}
	sess = &Session{
		Key:      key,
		UploadID: id,
		Size:     size,
		PartSize: u.partSize,
		Parts:    make(map[int]string),
	}
	if err := u.store.Save(ctx, sess); err != nil {
		return nil, fmt.Errorf("save: %w", err)
	}
	return sess, nil
}

// checkpoint records an acknowledged part and persists the session, so a
// crash after this point does not resend the part.
func (u *Uploader) checkpoint(ctx context.Context, sess *Session, n int, etag string) error {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.Parts[n] = etag
	if err := u.store.Save(ctx, sess); err != nil {
		return fmt.Errorf("checkpoint part %d: %w", n, err)
	}
	return nil
}

// numParts is the number of parts the file is split into.
func (s *Session) numParts() int {
	if s.Size == 0 {
		return 1
	}
	return int((s.Size + s.PartSize - 1) / s.PartSize)
}

// partRange returns the byte offset and length of part n.
func (s *Session) partRange(n int) (int64, int64) {
	off := int64(n-1) * s.PartSize
	length := s.PartSize
	if rest := s.Size - off; rest < length {
		length = rest
	}
	return off, length
}

// missingParts lists the part numbers not yet acknowledged.
func (s *Session) missingParts() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []int
	for n := 1; n <= s.numParts(); n++ {
		if _, ok := s.Parts[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

// progress returns the starting progress for this session, counting the
// parts acknowledged by earlier runs.
func (s *Session) progress() Progress {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := Progress{Key: s.Key, TotalBytes: s.Size, PartsTotal: s.numParts()}
	for n := range s.Parts {
		_, length := s.partRange(n)
		p.BytesSent += length
		p.PartsDone++
	}
	return p
}

// completed returns the acknowledged parts in ascending order.
func (s *Session) completed() []CompletedPart {
	s.mu.Lock()
	defer s.mu.Unlock()
	parts := make([]CompletedPart, 0, len(s.Parts))
	for n, etag := range s.Parts {
		parts = append(parts, CompletedPart{Number: n, ETag: etag})
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Number < parts[j].Number })
	return parts
}
