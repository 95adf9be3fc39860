package dataloader

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"go.uber.org/goleak"
)

type user struct {
	ID   string
	Name string
}

// fakeUserService records each batch and holds it until released, like a
// slow downstream service.
type fakeUserService struct {
	users   map[string]user
	calls   chan []string
	release chan struct{}
}

func (f *fakeUserService) fetch(ctx context.Context, ids []string) (map[string]user, error) {
	f.calls <- append([]string(nil), ids...)
	select {
	case <-f.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	out := make(map[string]user, len(ids))
	for _, id := range ids {
		if u, ok := f.users[id]; ok {
			out[id] = u
		}
	}
	return out, nil
}

func TestFieldTimeoutWhileBatchInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)

	reqCtx := context.Background()
	svc := &fakeUserService{
		users: map[string]user{
			"u1": {ID: "u1", Name: "Ada"},
			"u2": {ID: "u2", Name: "Grace"},
		},
		calls:   make(chan []string, 4),
		release: make(chan struct{}),
	}
	l := New[string, user](reqCtx, svc.fetch, WithMaxBatch(2), WithWait(0))

	author := l.LoadThunk("u1")
	reviewer := l.LoadThunk("u2")
	if got := <-svc.calls; !reflect.DeepEqual(got, []string{"u1", "u2"}) {
		t.Fatalf("batch keys = %v, want [u1 u2]", got)
	}

	// The reviewer field has a tight deadline that passes while the batch
	// is still in flight.
	fieldCtx, cancel := context.WithCancel(reqCtx)
	cancel()
	if _, err := reviewer(fieldCtx); !errors.Is(err, context.Canceled) {
		t.Fatalf("reviewer: err = %v, want context.Canceled", err)
	}

	close(svc.release)
	got, err := author(reqCtx)
	if err != nil {
		t.Fatalf("author: %v", err)
	}
	if got.Name != "Ada" {
		t.Fatalf("author = %+v", got)
	}

	again, err := l.Load(reqCtx, "u1")
	if err != nil || again != got {
		t.Fatalf("cached load = %+v, %v", again, err)
	}
	if st := l.Stats(); st.Batches != 1 || st.CacheHits != 1 {
		t.Fatalf("stats = %+v, want 1 batch and 1 cache hit", st)
	}
}
