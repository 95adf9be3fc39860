package ledger

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fraudCheck answers after a short network delay.
type fraudCheck struct{ delay time.Duration }

func (f fraudCheck) Allow(accountID int, amount int64) error {
	time.Sleep(f.delay)
	return nil
}

func TestSettleRoommatesBothWays(t *testing.T) {
	defer goleak.VerifyNone(t)

	l := New(fraudCheck{delay: 25 * time.Millisecond})
	alice := l.Open(1, 10_000)
	bob := l.Open(2, 10_000)

	// Alice pays Bob for rent while Bob pays Alice for groceries.
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		if _, err := l.Transfer(1, 2, 4_500); err != nil {
			t.Error(err)
		}
	}()
	go func() {
		defer wg.Done()
		if _, err := l.Transfer(2, 1, 1_250); err != nil {
			t.Error(err)
		}
	}()

	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(300 * time.Millisecond):
		t.Fatal("transfers did not complete")
	}
	if a, b := alice.Balance(), bob.Balance(); a != 6_750 || b != 13_250 {
		t.Fatalf("balances %d, %d", a, b)
	}
}
