package matching

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowDisk is a journal destination whose fsync takes a while.
type slowDisk struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	delay time.Duration
}

func (d *slowDisk) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.buf.Write(p)
}

func (d *slowDisk) Sync() error {
	time.Sleep(d.delay)
	return nil
}

func TestSubmitTimesOutOnSlowJournal(t *testing.T) {
	defer goleak.VerifyNone(t)

	disk := &slowDisk{}
	e := NewEngine(NewJournal(disk))

	ctx := context.Background()
	if _, err := e.Submit(ctx, Order{ID: "s1", Side: Sell, Price: 101, Qty: 5}); err != nil {
		t.Fatal(err)
	}

	disk.delay = 40 * time.Millisecond
	tctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	_, err := e.Submit(tctx, Order{ID: "b1", Side: Buy, Price: 102, Qty: 3})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want deadline exceeded", err)
	}

	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestBookPriceTimePriority(t *testing.T) {
	b := &book{}
	b.match(Order{ID: "a", Side: Sell, Price: 10, Qty: 1})
	b.match(Order{ID: "b", Side: Sell, Price: 9, Qty: 1})
	b.match(Order{ID: "c", Side: Sell, Price: 9, Qty: 1})
	fills := b.match(Order{ID: "x", Side: Buy, Price: 10, Qty: 3})
	if len(fills) != 3 || fills[0].Maker != "b" || fills[1].Maker != "c" || fills[2].Maker != "a" {
		t.Fatalf("unexpected fills %+v", fills)
	}
}
