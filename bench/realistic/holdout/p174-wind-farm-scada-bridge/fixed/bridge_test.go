package scada

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errGatewayDown = errors.New("gateway unreachable")

// flakyGateway serves one subscription with a fixed set of samples and then
// refuses every further connection.
type flakyGateway struct {
	mu      sync.Mutex
	calls   int
	samples []Sample
}

func (g *flakyGateway) Subscribe(ctx context.Context, turbines []string) (<-chan Sample, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.calls++
	if g.calls > 1 {
		return nil, errGatewayDown
	}
	ch := make(chan Sample, len(g.samples))
	for _, s := range g.samples {
		ch <- s
	}
	close(ch)
	return ch, nil
}

type memHistorian struct {
	writes chan []Sample
}

func (h *memHistorian) WriteBatch(ctx context.Context, batch []Sample) error {
	h.writes <- append([]Sample(nil), batch...)
	return nil
}

func TestRunGivesUpWhenGatewayStaysDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	ts := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	gw := &flakyGateway{samples: []Sample{
		{TurbineID: "WTG-07", Tag: "WindSpeed", Value: 11.2, Quality: QualityGood, Timestamp: ts},
		{TurbineID: "WTG-07", Tag: "ActivePower", Value: 2140, Quality: QualityGood, Timestamp: ts},
		{TurbineID: "WTG-08", Tag: "RotorRPM", Value: 0, Quality: QualityBad, Timestamp: ts},
		{TurbineID: "WTG-08", Tag: "WindSpeed", Value: 10.9, Quality: QualityGood, Timestamp: ts},
	}}
	hist := &memHistorian{writes: make(chan []Sample, 8)}

	b, err := New(Config{
		Source:             gw,
		Historian:          hist,
		Turbines:           []string{"WTG-07", "WTG-08"},
		BatchSize:          100,
		FlushInterval:      time.Hour,
		MaxResubscribe:     2,
		ResubscribeBackoff: time.Millisecond,
		Logger:             log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = b.Run(ctx)
	if !errors.Is(err, errGatewayDown) {
		t.Fatalf("Run error = %v, want %v", err, errGatewayDown)
	}

	select {
	case got := <-hist.writes:
		if len(got) != 3 {
			t.Fatalf("historian got %d samples, want 3", len(got))
		}
	case <-time.After(time.Second):
		t.Fatal("buffered samples never reached the historian")
	}
	if st := b.Stats(); st.Received != 4 || st.Rejected != 1 {
		t.Fatalf("stats = %+v", st)
	}
}
