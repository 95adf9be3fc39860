package attach

import (
	"io"
	"sync"
)

// Option configures a Session.
type Option func(*Session)

// WithBufferSize sets how much output may wait for a slow client.
func WithBufferSize(n int) Option { return func(s *Session) { s.size = n } }

// Session is one client attached to a container's output stream.
type Session struct {
	ID   string
	size int
	pipe *Pipe

	mu      sync.Mutex
	copied  int64
	copyErr error
}

// Attach starts copying src (the container's stdout) to a new session.
func Attach(id string, src io.Reader, opts ...Option) *Session {
	s := &Session{ID: id, size: 32 << 10}
	for _, o := range opts {
		o(s)
	}
	s.pipe = NewPipe(s.size)
	go s.copy(src)
	return s
}

func (s *Session) copy(src io.Reader) {
	n, err := io.Copy(s.pipe, src)
	s.mu.Lock()
	s.copied, s.copyErr = n, err
	s.mu.Unlock()
	s.pipe.CloseWithError(err)
}

// Read reads container output.
func (s *Session) Read(b []byte) (int, error) { return s.pipe.Read(b) }

// Pending reports how much output is buffered for the client.
func (s *Session) Pending() int { return s.pipe.Buffered() }

// Detach disconnects the client; the copier stops at its next write.
func (s *Session) Detach() { s.pipe.CloseRead() }

// Stats reports how much was copied and why copying stopped, once it has.
func (s *Session) Stats() (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.copied, s.copyErr
}
