package shardrouter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"go.uber.org/goleak"
)

type fakeShard struct {
	name    string
	hits    []Hit
	failAt  int // Next fails with failErr after this many hits; -1 never
	failErr error
}

func (s *fakeShard) Name() string { return s.name }

func (s *fakeShard) Search(ctx context.Context, q Query) (HitStream, error) {
	return &fakeStream{shard: s}, nil
}

type fakeStream struct {
	shard *fakeShard
	pos   int
}

func (st *fakeStream) Next() (Hit, error) {
	if st.shard.failAt >= 0 && st.pos == st.shard.failAt {
		return Hit{}, st.shard.failErr
	}
	if st.pos >= len(st.shard.hits) {
		return Hit{}, io.EOF
	}
	h := st.shard.hits[st.pos]
	st.pos++
	return h, nil
}

func (st *fakeStream) Close() error { return nil }

func rankedHits(prefix string, n int, top float64) []Hit {
	hits := make([]Hit, n)
	for i := range hits {
		hits[i] = Hit{DocID: fmt.Sprintf("%s-%03d", prefix, i), Score: top - float64(i)}
	}
	return hits
}

func TestSearchMergesAndFailsStrictly(t *testing.T) {
	defer goleak.VerifyNone(t)

	r, err := New(Config{
		Shards: []Shard{
			&fakeShard{name: "products-0", hits: rankedHits("a", 5, 100), failAt: -1},
			&fakeShard{name: "products-1", hits: rankedHits("b", 5, 99.5), failAt: -1},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Search(context.Background(), Query{Text: "usb-c cable", K: 4})
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	want := []string{"a-000", "b-000", "a-001", "b-001"}
	if len(res.Hits) != len(want) {
		t.Fatalf("got %d hits, want %d", len(res.Hits), len(want))
	}
	for i, h := range res.Hits {
		if h.DocID != want[i] {
			t.Errorf("hit %d = %s, want %s", i, h.DocID, want[i])
		}
	}
	if res.Partial() {
		t.Errorf("unexpected partial result: %v", res.Failures)
	}

	// With no failures tolerated, a shard dying part-way fails the search.
	unavailable := errors.New("replica unavailable")
	r, err = New(Config{
		Shards: []Shard{
			&fakeShard{name: "products-0", hits: rankedHits("a", 30, 100), failAt: 2, failErr: unavailable},
			&fakeShard{name: "products-1", hits: rankedHits("b", 30, 99.5), failAt: -1},
		},
		StreamBuffer: 4,
	})
	if err != nil {
		t.Fatal(err)
	}

	_, err = r.Search(context.Background(), Query{Text: "usb-c cable", K: 20})
	var se *ShardError
	if !errors.As(err, &se) || se.Shard != "products-0" || !errors.Is(err, unavailable) {
		t.Fatalf("search error = %v, want products-0 failure", err)
	}
}
