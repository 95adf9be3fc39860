package telemetry

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errUnknownVehicle = errors.New("unknown vehicle")

type memSink struct {
	known map[string]bool

	mu    sync.Mutex
	lines map[string]int
}

func (s *memSink) Put(ctx context.Context, vehicle string, body io.Reader) error {
	if !s.known[vehicle] {
		return fmt.Errorf("put %s: %w", vehicle, errUnknownVehicle)
	}
	sc := bufio.NewScanner(body)
	n := 0
	for sc.Scan() {
		n++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	s.lines[vehicle] += n
	s.mu.Unlock()
	return nil
}

func TestUnknownVehicleIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{known: map[string]bool{"truck-12": true}, lines: map[string]int{}}
	in := NewIngester(sink, WithBatchSize(3))
	ctx := context.Background()
	start := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)

	var lastErr error
	for i := 0; i < 3; i++ {
		for _, v := range []string{"truck-12", "van-99"} {
			p := Point{Vehicle: v, Time: start.Add(time.Duration(i) * time.Second), Lat: 52.52, Lon: 13.40 + float64(i)/1000}
			if err := in.Add(ctx, p); err != nil {
				lastErr = err
			}
		}
	}
	if !errors.Is(lastErr, errUnknownVehicle) {
		t.Fatalf("err = %v, want %v", lastErr, errUnknownVehicle)
	}
	if got := sink.lines["truck-12"]; got != 3 {
		t.Fatalf("truck-12 shipped %d points, want 3", got)
	}
}
