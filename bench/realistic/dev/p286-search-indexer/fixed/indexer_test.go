package indexer

import (
	"context"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type memStore struct {
	mu       sync.Mutex
	segments []Segment
	dropped  []string
}

func (s *memStore) CommitSegment(ctx context.Context, seg Segment) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.segments = append(s.segments, seg)
	return nil
}

func (s *memStore) DropCollection(ctx context.Context, collection string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropped = append(s.dropped, collection)
	return nil
}

func (s *memStore) segmentsOf(collection string) []Segment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Segment
	for _, seg := range s.segments {
		if seg.Collection == collection {
			out = append(out, seg)
		}
	}
	return out
}

type sliceSource struct {
	events []ChangeEvent
	acked  uint64
}

func (s *sliceSource) Next(ctx context.Context) (ChangeEvent, error) {
	if len(s.events) == 0 {
		return ChangeEvent{}, io.EOF
	}
	ev := s.events[0]
	s.events = s.events[1:]
	return ev, nil
}

func (s *sliceSource) Ack(ctx context.Context, seq uint64) error {
	s.acked = seq
	return nil
}

func upsert(seq uint64, coll, id, title string) ChangeEvent {
	return ChangeEvent{Seq: seq, Collection: coll, Op: OpUpsert, DocID: id, Fields: map[string]string{"title": title}}
}

func TestRunWithDroppedCollection(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &memStore{}
	src := &sliceSource{events: []ChangeEvent{
		upsert(1, "products", "p-1", "Trail shoe"),
		upsert(2, "articles", "a-1", "Choosing a trail shoe"),
		upsert(3, "products", "p-2", "Rain shell"),
		{Seq: 4, Collection: "products", Op: OpDropCollection},
		upsert(5, "articles", "a-2", "Layering for rain"),
	}}

	ix := New(store, Config{MaxBatchDocs: 100})
	if err := ix.Run(context.Background(), src); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	if src.acked != 5 {
		t.Fatalf("acked seq %d, want 5", src.acked)
	}
	if len(store.dropped) != 1 || store.dropped[0] != "products" {
		t.Fatalf("dropped %v, want [products]", store.dropped)
	}
	segs := store.segmentsOf("articles")
	if len(segs) != 1 || len(segs[0].Docs) != 2 {
		t.Fatalf("articles segments = %+v, want one segment with 2 docs", segs)
	}
	if segs[0].MinSeq != 2 || segs[0].MaxSeq != 5 {
		t.Fatalf("articles segment covers %d..%d, want 2..5", segs[0].MinSeq, segs[0].MaxSeq)
	}
}
