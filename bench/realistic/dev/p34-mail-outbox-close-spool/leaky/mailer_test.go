package outbox

import (
	"context"
	"errors"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeSMTP struct {
	mu   sync.Mutex
	sent []Message
}

func (f *fakeSMTP) Send(_ context.Context, m Message) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, m)
	return nil
}

var errDiskFull = errors.New("write spool.db: no space left on device")

type fullDiskSpool struct{}

func (fullDiskSpool) Add(Message, error) {}
func (fullDiskSpool) Flush() error       { return errDiskFull }

func TestCloseReportsSpoolError(t *testing.T) {
	defer goleak.VerifyNone(t)
	m := New(&fakeSMTP{}, fullDiskSpool{}, Config{Workers: 2, QueueSize: 8})
	for _, to := range []string{"ana@example.com", "bo@example.com"} {
		if err := m.Enqueue(Message{To: to, Subject: "Your receipt"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Close(); !errors.Is(err, errDiskFull) {
		t.Fatalf("Close: got %v, want the spool's error", err)
	}
}
