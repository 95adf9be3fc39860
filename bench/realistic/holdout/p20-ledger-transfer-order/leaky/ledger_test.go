package ledger

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestCrossTransfers(t *testing.T) {
	defer goleak.VerifyNone(t)
	a, b := NewAccount(1, 100), NewAccount(2, 100)
	l := &Ledger{Audit: func(from, to *Account, amount int64) {
		time.Sleep(5 * time.Millisecond) // the audit log write
	}}
	results := make(chan error, 2)
	l.Settle([][2]*Account{{a, b}, {b, a}}, 10, func(err error) { results <- err })
	for i := 0; i < 2; i++ {
		select {
		case err := <-results:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(100 * time.Millisecond):
			t.Log("settlement stuck")
			return
		}
	}
}
