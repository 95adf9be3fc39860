package dataloader

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type user struct {
	ID   int
	Name string
}

type fakeDB struct {
	mu      sync.Mutex
	rows    map[int]user
	queries [][]int
}

// usersByID behaves like SELECT ... WHERE id IN (...): missing rows are simply absent.
func (db *fakeDB) usersByID(ctx context.Context, ids []int) ([]user, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.queries = append(db.queries, append([]int(nil), ids...))
	var out []user
	for _, id := range ids {
		if u, ok := db.rows[id]; ok {
			out = append(out, u)
		}
	}
	return out, nil
}

func TestLoadManyBatchesAndReportsMissingRows(t *testing.T) {
	defer goleak.VerifyNone(t)

	db := &fakeDB{rows: map[int]user{1: {1, "ada"}, 2: {2, "grace"}, 3: {3, "edsger"}}}
	users := New(db.usersByID, WithWait(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	got, err := users.LoadMany(ctx, []int{1, 2, 2, 3})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[{1 ada} {2 grace} {2 grace} {3 edsger}]" {
		t.Fatalf("got %v", got)
	}

	if _, err := users.LoadMany(ctx, []int{2, 42}); err == nil {
		t.Fatal("missing user 42 was not reported")
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	if fmt.Sprint(db.queries) != "[[1 2 3] [2 42]]" {
		t.Fatalf("queries %v", db.queries)
	}
}
