package migrate

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type mem struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *mem) Get(_ context.Context, k string) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k], nil
}

func (s *mem) Put(_ context.Context, k string, b []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = b
	return nil
}

func TestSkipMigratedKeys(t *testing.T) {
	defer goleak.VerifyNone(t)
	from := &mem{m: map[string][]byte{"a": {1}, "b": {2}, "c": {3}}}
	to := &mem{m: map[string][]byte{"b": {2}}}
	m := &Migrator{From: from, To: to, Skip: func(k string) bool { _, ok := to.m[k]; return ok }}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	ok, failed, _ := Count(ctx, m, []string{"a", "b", "c"})
	if ok != 2 || failed != 0 {
		t.Fatalf("ok %d failed %d", ok, failed)
	}
}
