package uplink

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestStopWhileCollectorDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	var attempts int32
	tried := make(chan struct{}, 1)
	dial := func(ctx context.Context, addr string) (Stream, error) {
		atomic.AddInt32(&attempts, 1)
		select {
		case tried <- struct{}{}:
		default:
		}
		return nil, ErrRefused
	}
	u := New("collector:4317", dial, WithBackoff(20*time.Millisecond, 50*time.Millisecond))
	u.Start(context.Background())
	u.Enqueue(Sample{Metric: "cpu", Value: 0.4, At: time.Now()})

	<-tried
	u.Stop()
	if atomic.LoadInt32(&attempts) == 0 {
		t.Fatal("no dial attempt")
	}
}
