package matching

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

var errDiskFull = errors.New("write journal.log: no space left on device")

type fakeJournal struct {
	mu      sync.Mutex
	entries []Entry
	fail    error
}

func (j *fakeJournal) Append(e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.fail != nil {
		return j.fail
	}
	j.entries = append(j.entries, e)
	return nil
}

func (j *fakeJournal) failWith(err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.fail = err
}

func TestEngineHaltsWhenJournalFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	j := &fakeJournal{}
	e, err := New(Config{Journal: j, Symbols: []string{"BTC-USD", "ETH-USD"}})
	if err != nil {
		t.Fatal(err)
	}
	trades := make(chan Trade, 16)
	unsubscribe := e.Subscribe(func(tr Trade) { trades <- tr })
	defer unsubscribe()

	ctx := context.Background()
	if _, err := e.Submit(ctx, "BTC-USD", Order{ID: "s1", Account: "mm", Side: Sell, Price: 100, Qty: 10}); err != nil {
		t.Fatalf("submit s1: %v", err)
	}
	ack, err := e.Submit(ctx, "BTC-USD", Order{ID: "b1", Account: "alice", Side: Buy, Price: 101, Qty: 4})
	if err != nil {
		t.Fatalf("submit b1: %v", err)
	}
	if ack.Seq != 2 || len(ack.Trades) != 1 {
		t.Fatalf("ack = %+v, want seq 2 with one trade", ack)
	}
	got := <-trades
	want := Trade{Seq: 2, Symbol: "BTC-USD", MakerID: "s1", TakerID: "b1", Price: 100, Qty: 4}
	if got != want {
		t.Fatalf("trade = %+v, want %+v", got, want)
	}

	j.failWith(errDiskFull)
	if _, err := e.Submit(ctx, "BTC-USD", Order{ID: "b2", Account: "bob", Side: Buy, Price: 100, Qty: 6}); !errors.Is(err, errDiskFull) {
		t.Fatalf("submit b2: err = %v, want %v", err, errDiskFull)
	}
	if _, err := e.Cancel(ctx, "BTC-USD", "s1"); !errors.Is(err, ErrHalted) {
		t.Fatalf("cancel s1 after halt: err = %v, want %v", err, ErrHalted)
	}
	if err := e.Close(); !errors.Is(err, errDiskFull) {
		t.Fatalf("Close: err = %v, want %v", err, errDiskFull)
	}
	if n := len(j.entries); n != 2 {
		t.Fatalf("journal has %d entries, want 2", n)
	}
}
