package ldapsync

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// fakeDirectory serves a fixed list of pages; the cookie is the index of
// the next page.
type fakeDirectory struct {
	pages     [][]Entry
	requested chan int // optional: receives the index of every page requested
}

func (d *fakeDirectory) Search(ctx context.Context, req SearchRequest) (SearchResult, error) {
	if err := ctx.Err(); err != nil {
		return SearchResult{}, err
	}
	idx := 0
	if len(req.Cookie) > 0 {
		n, err := strconv.Atoi(string(req.Cookie))
		if err != nil {
			return SearchResult{}, fmt.Errorf("bad cookie %q", req.Cookie)
		}
		idx = n
	}
	if d.requested != nil {
		d.requested <- idx
	}
	res := SearchResult{Entries: d.pages[idx]}
	if idx+1 < len(d.pages) {
		res.Cookie = []byte(strconv.Itoa(idx + 1))
	}
	return res, nil
}

type fakeStore struct {
	mu      sync.Mutex
	records map[string]Record
	applied []Change
	// beforeApply, if set, runs before every change and may reject it.
	beforeApply func(Change) error
}

func (s *fakeStore) List(context.Context) ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Record, 0, len(s.records))
	for _, r := range s.records {
		out = append(out, r)
	}
	return out, nil
}

func (s *fakeStore) Apply(_ context.Context, c Change) error {
	if s.beforeApply != nil {
		if err := s.beforeApply(c); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.applied = append(s.applied, c)
	if c.Op == OpDelete {
		delete(s.records, c.Key)
	} else {
		s.records[c.Key] = Record{Key: c.Key, DN: c.DN, Attributes: c.Attributes}
	}
	return nil
}

func person(i int, mail string) Entry {
	return Entry{
		DN: fmt.Sprintf("uid=user%d,ou=people,dc=example,dc=com", i),
		Attributes: map[string][]string{
			"entryUUID": {fmt.Sprintf("uuid-%03d", i)},
			"uid":       {fmt.Sprintf("user%d", i)},
			"mail":      {mail},
			"cn":        {fmt.Sprintf("User %d", i)},
		},
	}
}

func directoryPages(n, perPage int) [][]Entry {
	var pages [][]Entry
	for p := 0; p < n; p++ {
		var page []Entry
		for j := 0; j < perPage; j++ {
			i := p*perPage + j
			page = append(page, person(i, fmt.Sprintf("user%d@example.com", i)))
		}
		pages = append(pages, page)
	}
	return pages
}

func existing() map[string]Record {
	recs := map[string]Record{}
	for _, i := range []int{0, 1, 2} {
		e := person(i, fmt.Sprintf("user%d@example.com", i))
		recs[fmt.Sprintf("uuid-%03d", i)] = Record{Key: fmt.Sprintf("uuid-%03d", i), DN: e.DN, Attributes: e.Attributes}
	}
	old := person(1, "user1@old.example.com")
	recs["uuid-001"] = Record{Key: "uuid-001", DN: old.DN, Attributes: old.Attributes}
	recs["uuid-999"] = Record{Key: "uuid-999", DN: "uid=gone,ou=people,dc=example,dc=com"}
	return recs
}

var errReadOnly = errors.New("store is read-only")

func TestSync(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{records: existing()}
	c, err := New(&fakeDirectory{pages: directoryPages(4, 2)}, store, Config{
		BaseDN:     "ou=people,dc=example,dc=com",
		Attributes: []string{"uid", "mail", "cn"},
		PageSize:   2,
		Deletes:    true,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Sync(context.Background())
	if err != nil {
		t.Fatalf("Sync: %v", err)
	}
	want := Result{Pages: 4, Entries: 8, Created: 5, Updated: 1, Deleted: 1, Unchanged: 2}
	if res != want {
		t.Fatalf("Sync = %+v, want %+v", res, want)
	}
}

func TestSyncStoreRejectsChange(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := &fakeDirectory{pages: directoryPages(4, 2), requested: make(chan int, 8)}
	store := &fakeStore{records: existing()}
	store.beforeApply = func(ch Change) error {
		// Fail only once the connector has asked for the next page, as
		// happens when the store flips to read-only during a long sync.
		for idx := range dir.requested {
			if idx >= 1 {
				break
			}
		}
		return fmt.Errorf("apply %s: %w", ch.Key, errReadOnly)
	}
	c, err := New(dir, store, Config{
		BaseDN:     "ou=people,dc=example,dc=com",
		Attributes: []string{"uid", "mail", "cn"},
		PageSize:   2,
		Prefetch:   1,
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Sync(context.Background())
	if !errors.Is(err, errReadOnly) {
		t.Fatalf("Sync error = %v, want %v", err, errReadOnly)
	}
	if res.Pages != 1 || res.Updated != 0 || res.Unchanged != 1 {
		t.Fatalf("Sync = %+v", res)
	}
}
