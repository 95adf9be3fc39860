package seismo

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanSink struct {
	got chan Reading
}

func (s *chanSink) Send(r Reading) error {
	s.got <- r
	return nil
}

func block(station string, peak int32) Reading {
	samples := make([]int32, 100)
	for i := range samples {
		samples[i] = int32(i % 7)
	}
	samples[50] = -peak
	return Reading{
		Station:   station,
		Component: Vertical,
		Start:     time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC),
		RateHz:    100,
		Samples:   samples,
	}
}

func TestForwarderStopDetachesFromRelay(t *testing.T) {
	defer goleak.VerifyNone(t)

	relay := NewRelay(WithBuffer(8), WithLogger(t.Logf))
	defer relay.Close()

	sink := &chanSink{got: make(chan Reading, 16)}
	fw, err := NewForwarder(relay, sink, MinPeak(1000))
	if err != nil {
		t.Fatalf("NewForwarder: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, rd := range []Reading{block("KBS", 4200), block("ESK", 12), block("ANMO", 1500)} {
		if err := relay.Publish(ctx, rd); err != nil {
			t.Fatalf("Publish %s: %v", rd.Station, err)
		}
	}

	for _, want := range []string{"KBS", "ANMO"} {
		select {
		case rd := <-sink.got:
			if rd.Station != want {
				t.Fatalf("forwarded %s, want %s", rd.Station, want)
			}
		case <-time.After(time.Second):
			t.Fatalf("timed out waiting for %s", want)
		}
	}

	fw.Stop()
	select {
	case <-fw.Done():
	case <-time.After(300 * time.Millisecond):
		t.Errorf("forwarder still running after Stop")
	}

	st, err := relay.Stats()
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if st.Subscribers != 0 {
		t.Errorf("relay has %d subscribers after Stop, want 0", st.Subscribers)
	}
	if sent, failed, _ := fw.Counts(); sent != 2 || failed != 0 {
		t.Errorf("Counts = %d sent, %d failed; want 2, 0", sent, failed)
	}
}
