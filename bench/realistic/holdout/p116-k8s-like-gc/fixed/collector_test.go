package gc

import (
	"context"
	"errors"
	"io"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedClock time.Time

func (c fixedClock) Now() time.Time { return time.Time(c) }

type memStore struct {
	mu      sync.Mutex
	objs    []Object
	deleted []string
}

func (s *memStore) List(context.Context) ([]Object, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Object(nil), s.objs...), nil
}

func (s *memStore) Delete(_ context.Context, key, uid string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, o := range s.objs {
		if o.Key() != key {
			continue
		}
		if o.UID != uid {
			return ErrConflict
		}
		s.objs = append(s.objs[:i], s.objs[i+1:]...)
		s.deleted = append(s.deleted, key)
		return nil
	}
	return ErrNotFound
}

var errQuota = errors.New("bucket quota exceeded")

// fullBucket rejects every upload before reading the body.
type fullBucket struct {
	names []string
}

func (b *fullBucket) Upload(_ context.Context, name string, _ io.Reader) error {
	b.names = append(b.names, name)
	return errQuota
}

func TestCollectWithFailingAuditSink(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	old := now.Add(-time.Hour)
	store := &memStore{objs: []Object{
		// The Deployment "web" (uid d-web) has been deleted.
		{Kind: "ReplicaSet", Namespace: "prod", Name: "web-5d8", UID: "rs-web", CreatedAt: old,
			Owners: []OwnerReference{{Kind: "Deployment", Name: "web", UID: "d-web"}}},
		{Kind: "Pod", Namespace: "prod", Name: "web-5d8-abc", UID: "p-1", CreatedAt: old,
			Owners: []OwnerReference{{Kind: "ReplicaSet", Name: "web-5d8", UID: "rs-web"}}},
		{Kind: "Pod", Namespace: "prod", Name: "web-5d8-def", UID: "p-2", CreatedAt: old,
			Owners:     []OwnerReference{{Kind: "ReplicaSet", Name: "web-5d8", UID: "rs-web"}},
			Finalizers: []string{"example.com/drain"}},
		// "api" is alive and owns its ReplicaSet.
		{Kind: "Deployment", Namespace: "prod", Name: "api", UID: "d-api", CreatedAt: old},
		{Kind: "ReplicaSet", Namespace: "prod", Name: "api-77f", UID: "rs-api", CreatedAt: old,
			Owners: []OwnerReference{{Kind: "Deployment", Name: "api", UID: "d-api"}}},
		// Too young to be collected even though its owner is unknown.
		{Kind: "Pod", Namespace: "prod", Name: "batch-q1", UID: "p-3", CreatedAt: now.Add(-10 * time.Second),
			Owners: []OwnerReference{{Kind: "Job", Name: "batch", UID: "j-batch"}}},
		{Kind: "ConfigMap", Namespace: "prod", Name: "settings", UID: "cm-1", CreatedAt: old},
	}}
	sink := &fullBucket{}
	c := New(store, Config{Audit: sink, Clock: fixedClock(now)})

	rep, err := c.Collect(context.Background())
	if !errors.Is(err, errQuota) {
		t.Fatalf("Collect error = %v, want %v", err, errQuota)
	}
	if rep == nil {
		t.Fatal("Collect returned no report")
	}
	if rep.Scanned != 7 || rep.Deleted() != 2 {
		t.Fatalf("scanned %d, deleted %d; want 7, 2", rep.Scanned, rep.Deleted())
	}
	want := []string{"Pod/prod/web-5d8-abc", "ReplicaSet/prod/web-5d8"}
	if !reflect.DeepEqual(store.deleted, want) {
		t.Fatalf("deleted %v, want %v", store.deleted, want)
	}
	if len(sink.names) != 1 || sink.names[0] != "gc/20240510T120000Z.jsonl" {
		t.Fatalf("uploads = %v", sink.names)
	}
}
