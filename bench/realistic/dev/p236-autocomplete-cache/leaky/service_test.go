package autocomplete

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var dictionary = []string{
	"apple", "apple pie", "apple watch", "apricot",
	"banana", "banana bread", "berry",
	"cable", "cake", "carrot",
}

type fakeBackend struct {
	mu    sync.Mutex
	calls map[string]int
}

func (b *fakeBackend) Complete(ctx context.Context, prefix string, limit int) ([]Suggestion, error) {
	b.mu.Lock()
	if b.calls == nil {
		b.calls = make(map[string]int)
	}
	b.calls[prefix]++
	b.mu.Unlock()

	var out []Suggestion
	for i, w := range dictionary {
		if strings.HasPrefix(w, prefix) && len(out) < limit {
			out = append(out, Suggestion{Text: w, Score: float64(len(dictionary) - i)})
		}
	}
	return out, nil
}

func (b *fakeBackend) callsFor(prefix string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.calls[prefix]
}

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

type sliceIterator struct {
	items []string
	pos   int
	err   error // returned once items are exhausted
}

func (it *sliceIterator) Next() bool {
	if it.pos >= len(it.items) {
		return false
	}
	it.pos++
	return true
}

func (it *sliceIterator) Prefix() string { return it.items[it.pos-1] }
func (it *sliceIterator) Err() error {
	if it.pos >= len(it.items) {
		return it.err
	}
	return nil
}
func (it *sliceIterator) Close() error { return nil }

type fakePopularity struct {
	prefixes []string
	err      error
}

func (p *fakePopularity) TopPrefixes(ctx context.Context, n int) (PrefixIterator, error) {
	return &sliceIterator{items: p.prefixes, err: p.err}, nil
}

func TestSuggestUsesCache(t *testing.T) {
	defer goleak.VerifyNone(t)

	backend := &fakeBackend{}
	s := New(backend, nil, Options{MaxResults: 5, Clock: fakeClock{now: time.Unix(1700000000, 0)}})
	ctx := context.Background()

	got, err := s.Suggest(ctx, "Ap", 0)
	if err != nil {
		t.Fatalf("Suggest: %v", err)
	}
	if len(got) != 4 || got[0].Text != "apple" {
		t.Fatalf("Suggest(Ap) = %+v", got)
	}
	got, err = s.Suggest(ctx, "apple ", 0)
	if err != nil {
		t.Fatalf("Suggest: %v", err)
	}
	if len(got) != 2 || got[0].Text != "apple pie" {
		t.Fatalf("Suggest(apple ) = %+v", got)
	}
	if n := backend.callsFor("apple "); n != 0 {
		t.Fatalf("backend called %d times for a prefix answerable from the cache", n)
	}
	if _, err := s.Suggest(ctx, "  ", 0); !errors.Is(err, ErrPrefixTooShort) {
		t.Fatalf("Suggest(blank) error = %v, want %v", err, ErrPrefixTooShort)
	}
}

func TestWarmupPopularityStoreFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	errScan := errors.New("scan aborted: shard 3 unavailable")
	backend := &fakeBackend{}
	popular := &fakePopularity{prefixes: []string{"ap", "ba", "ca"}, err: errScan}
	s := New(backend, popular, Options{WarmupWorkers: 3, Clock: fakeClock{now: time.Unix(1700000000, 0)}})

	if _, err := s.Warmup(context.Background()); !errors.Is(err, errScan) {
		t.Fatalf("Warmup error = %v, want %v", err, errScan)
	}

	got, err := s.Suggest(context.Background(), "ban", 2)
	if err != nil {
		t.Fatalf("Suggest after failed warmup: %v", err)
	}
	if len(got) != 2 || got[0].Text != "banana" {
		t.Fatalf("Suggest(ban) = %+v", got)
	}
}
