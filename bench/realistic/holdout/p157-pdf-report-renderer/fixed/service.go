package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrBusy is returned when the service is already streaming its maximum
// number of reports.
var ErrBusy = errors.New("report: too many concurrent downloads")

// Client is the destination of a streamed report, typically an HTTP
// response.
type Client interface {
	io.Writer
	SetHeader(key, value string)
}

// Service streams rendered reports to clients and keeps simple counters.
type Service struct {
	renderer *Renderer
	limit    int

	mu       sync.Mutex
	active   int
	served   int64
	failures int64
}

// NewService returns a Service that allows at most limit concurrent
// downloads. A limit of zero means no limit.
func NewService(r *Renderer, limit int) *Service {
	return &Service{renderer: r, limit: limit}
}

// Stats reports the number of completed and failed downloads.
func (s *Service) Stats() (served, failures int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served, s.failures
}

func (s *Service) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit > 0 && s.active >= s.limit {
		return false
	}
	s.active++
	return true
}

func (s *Service) release(ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.active--
	if ok {
		s.served++
	} else {
		s.failures++
	}
}

// Download renders reportID and streams it to c. It returns the number of
// bytes written to the client.
func (s *Service) Download(ctx context.Context, reportID string, c Client) (n int64, err error) {
	if !s.acquire() {
		return 0, ErrBusy
	}
	defer func() { s.release(err == nil) }()

	doc, err := s.renderer.Open(ctx, reportID)
	if err != nil {
		return 0, err
	}
	defer doc.Close()
	c.SetHeader("Content-Type", "application/pdf")
	c.SetHeader("Content-Disposition", fmt.Sprintf("attachment; filename=%q", doc.ID+".pdf"))

	n, err = io.Copy(c, doc)
	if err != nil {
		return n, fmt.Errorf("stream report %q: %w", reportID, err)
	}
	return n, doc.Close()
}
