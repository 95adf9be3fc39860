package alerts

import (
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recorder struct {
	mu    sync.Mutex
	pages []Alert
	got   chan struct{}
}

func (r *recorder) Page(a Alert) error {
	r.mu.Lock()
	r.pages = append(r.pages, a)
	r.mu.Unlock()
	r.got <- struct{}{}
	return nil
}

func TestPagerStop(t *testing.T) {
	defer goleak.VerifyNone(t)

	h := NewHub(4)
	rec := &recorder{got: make(chan struct{}, 4)}
	p := StartPager(h, "checkout", rec)

	h.Publish(Alert{Service: "checkout", Severity: "warning", Message: "p99 high", At: time.Now()})
	h.Publish(Alert{Service: "checkout", Severity: "critical", Message: "5xx > 10%", At: time.Now()})
	<-rec.got
	if sent, _ := p.Stats(); sent != 1 {
		t.Fatalf("sent = %d", sent)
	}

	p.Stop()
	if n := h.Publish(Alert{Service: "checkout", Severity: "critical", Message: "down"}); n != 0 {
		t.Fatalf("delivered to %d subscribers after Stop", n)
	}
}
