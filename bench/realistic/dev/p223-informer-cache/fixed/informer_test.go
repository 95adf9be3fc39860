package informer

import (
	"context"
	"errors"
	"sort"
	"testing"

	"go.uber.org/goleak"
)

type fakeSource struct {
	objs   []Object
	rv     uint64
	events chan Event
}

func (s *fakeSource) List(ctx context.Context) ([]Object, uint64, error) {
	return s.objs, s.rv, nil
}

func (s *fakeSource) Watch(ctx context.Context, rv uint64) (Watcher, error) {
	return fakeWatch{s.events}, nil
}

type fakeWatch struct{ ch chan Event }

func (w fakeWatch) ResultChan() <-chan Event { return w.ch }

func (w fakeWatch) Stop() {}

// recorder is a Handler that reports every call as a string.
type recorder struct{ calls chan string }

func newRecorder() *recorder { return &recorder{calls: make(chan string, 16)} }

func (r *recorder) OnAdd(obj Object) { r.calls <- "add " + obj.Key() }

func (r *recorder) OnUpdate(oldObj, newObj Object) { r.calls <- "update " + newObj.Key() }

func (r *recorder) OnDelete(obj Object) { r.calls <- "delete " + obj.Key() }

func (r *recorder) next(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = <-r.calls
	}
	sort.Strings(out)
	return out
}

func TestHandlerReplacedOnReload(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{
		objs: []Object{
			{Namespace: "prod", Name: "api", ResourceVersion: 7},
			{Namespace: "prod", Name: "web", ResourceVersion: 9},
		},
		rv:     10,
		events: make(chan Event),
	}
	inf, err := New(Config{Source: src})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() {
		inf.Run(ctx)
		close(done)
	}()
	if !inf.WaitForCacheSync(ctx) {
		t.Fatal("cache did not sync")
	}

	v1 := newRecorder()
	if err := inf.AddEventHandler("route-sync", v1); err != nil {
		t.Fatal(err)
	}
	if got := v1.next(2); got[0] != "add prod/api" || got[1] != "add prod/web" {
		t.Fatalf("v1 replay = %q", got)
	}

	// A configuration reload registers the new version of the handler under
	// the same name.
	v2 := newRecorder()
	if err := inf.AddEventHandler("route-sync", v2); err != nil {
		t.Fatal(err)
	}
	if got := v2.next(2); got[0] != "add prod/api" || got[1] != "add prod/web" {
		t.Fatalf("v2 replay = %q", got)
	}

	src.events <- Event{Type: Modified, Object: Object{Namespace: "prod", Name: "api", ResourceVersion: 11}}
	if got := v2.next(1); got[0] != "update prod/api" {
		t.Fatalf("v2 got %q, want update prod/api", got[0])
	}
	if n := len(v1.calls); n != 0 {
		t.Fatalf("replaced handler got %d more calls", n)
	}
	if obj, ok := inf.GetByKey("prod/api"); !ok || obj.ResourceVersion != 11 {
		t.Fatalf("GetByKey(prod/api) = %+v, %v", obj, ok)
	}

	cancel()
	<-done
	if err := inf.AddEventHandler("late", newRecorder()); !errors.Is(err, ErrStopped) {
		t.Fatalf("AddEventHandler after stop = %v, want ErrStopped", err)
	}
}
