package migrate

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errSyntax = errors.New(`pq: syntax error at or near "COLUMNN"`)

// fakeDB is an in-memory database whose history table is updated on commit.
type fakeDB struct {
	mu      sync.Mutex
	locked  bool
	applied map[int64]bool
	execs   []string
	failOn  string // Exec fails for queries containing this text
}

func newFakeDB() *fakeDB { return &fakeDB{applied: make(map[int64]bool)} }

func (db *fakeDB) TryAdvisoryLock(ctx context.Context, key int64) (bool, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.locked {
		return false, nil
	}
	db.locked = true
	return true, nil
}

func (db *fakeDB) AdvisoryUnlock(ctx context.Context, key int64) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.locked = false
	return nil
}

func (db *fakeDB) AppliedVersions(ctx context.Context) ([]int64, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	var vs []int64
	for v := range db.applied {
		vs = append(vs, v)
	}
	sort.Slice(vs, func(i, j int) bool { return vs[i] < vs[j] })
	return vs, nil
}

func (db *fakeDB) Begin(ctx context.Context) (Tx, error) {
	return &fakeTx{db: db, marks: make(map[int64]bool)}, nil
}

type fakeTx struct {
	db    *fakeDB
	marks map[int64]bool
}

func (tx *fakeTx) Exec(ctx context.Context, query string) error {
	tx.db.mu.Lock()
	defer tx.db.mu.Unlock()
	if tx.db.failOn != "" && strings.Contains(query, tx.db.failOn) {
		return errSyntax
	}
	tx.db.execs = append(tx.db.execs, query)
	return nil
}

func (tx *fakeTx) MarkApplied(ctx context.Context, version int64, applied bool) error {
	tx.marks[version] = applied
	return nil
}

func (tx *fakeTx) Commit() error {
	tx.db.mu.Lock()
	defer tx.db.mu.Unlock()
	for v, applied := range tx.marks {
		if applied {
			tx.db.applied[v] = true
		} else {
			delete(tx.db.applied, v)
		}
	}
	return nil
}

func (tx *fakeTx) Rollback() error { return nil }

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time                       { return c.now }
func (c *fakeClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

func TestUpRollsBackOnFailure(t *testing.T) {
	defer goleak.VerifyNone(t)

	db := newFakeDB()
	db.applied[1] = true // from an earlier deploy
	db.failOn = "COLUMNN"

	migrations := []Migration{
		{Version: 1, Name: "create_users", Up: "CREATE TABLE users (id bigint PRIMARY KEY)", Down: "DROP TABLE users"},
		{Version: 3, Name: "add_orders_status", Up: "ALTER TABLE orders ADD COLUMNN status text", Down: "ALTER TABLE orders DROP COLUMN status"},
		{Version: 2, Name: "create_orders", Up: "CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint)", Down: "DROP TABLE orders"},
	}
	var (
		mu     sync.Mutex
		events []Event
	)
	m, err := New(db, migrations, Config{
		Clock: &fakeClock{now: time.Date(2024, 5, 2, 9, 0, 0, 0, time.UTC)},
		Progress: func(ev Event) {
			mu.Lock()
			events = append(events, ev)
			mu.Unlock()
		},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	err = m.Up(context.Background())
	if !errors.Is(err, errSyntax) {
		t.Fatalf("Up: got %v, want syntax error", err)
	}

	got, _ := db.AppliedVersions(context.Background())
	if len(got) != 1 || got[0] != 1 {
		t.Fatalf("applied versions after rollback = %v, want [1]", got)
	}
	if db.locked {
		t.Fatal("advisory lock still held after Up returned")
	}
	if n := len(db.execs); n != 2 || db.execs[1] != "DROP TABLE orders" {
		t.Fatalf("executed %q, want create and drop of orders", db.execs)
	}
}
