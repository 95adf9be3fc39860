package trace

import (
	"context"
	"sync"
	"time"
)

// span records one operation; once the caller's context ends it keeps only the
// summary, so that the context's values can be collected.
type span struct {
	mu      sync.Mutex
	ctx     context.Context
	ended   time.Time
	outcome error
}

// StartSpan ties a span to the caller's context.
func StartSpan(ctx context.Context) *span {
	s := &span{ctx: ctx}
	follow(ctx, s)
	return s
}

// follow swaps the span's context for its outcome once the context ends.
func follow(ctx context.Context, s *span) {
	go func() {
		<-ctx.Done()
		s.mu.Lock()
		s.ended = time.Now()
		s.outcome = ctx.Err()
		s.ctx = nil
		s.mu.Unlock()
	}()
}

// Err reports how the span's context ended, if it has.
func (s *span) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx != nil {
		return s.ctx.Err()
	}
	return s.outcome
}
