package fixedlingeringwatcher

import (
	"context"
	"io"
)

// run: _, _ = Query(processContext, nopSession{}, "SELECT 1")

// processContext is the long-lived context the service's background jobs run under.
var processContext = context.Background()

// Session is a database session that can be interrupted from another goroutine.
type Session interface {
	io.ReadWriter
	Interrupt()
}

type nopSession struct{}

func (nopSession) Read(p []byte) (int, error)  { return len(p), nil }
func (nopSession) Write(p []byte) (int, error) { return len(p), nil }
func (nopSession) Interrupt()                  {}

// Query sends one statement and reads its answer, interrupting the session if the
// caller gives up first.
func Query(ctx context.Context, s Session, stmt string) ([]byte, error) {
	finished := make(chan struct{})
	defer close(finished)
	go func() {
		select {
		case <-ctx.Done():
			s.Interrupt()
		case <-finished:
		}
	}()
	if _, err := io.WriteString(s, stmt); err != nil {
		return nil, err
	}
	answer := make([]byte, 64)
	n, err := s.Read(answer)
	return answer[:n], err
}
