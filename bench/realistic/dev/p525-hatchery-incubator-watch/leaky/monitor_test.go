package incubator

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

// scriptedProbe replays a fixed series of samples per tray and then reports a
// bus error, like a sensor board losing its I2C connection.
type scriptedProbe struct {
	mu      sync.Mutex
	samples map[int][]Reading
}

var errBusTimeout = errors.New("i2c: bus timeout")

func (p *scriptedProbe) Read(ctx context.Context, tray int) (Reading, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	queue := p.samples[tray]
	if len(queue) == 0 {
		return Reading{}, errBusTimeout
	}
	p.samples[tray] = queue[1:]
	return queue[0], nil
}

func TestWatcherRaisesAlarmUntilProbeFails(t *testing.T) {
	defer goleak.VerifyNone(t)

	probe := &scriptedProbe{samples: map[int][]Reading{
		1: {{Temperature: 37.5, Humidity: 50}, {Temperature: 37.6, Humidity: 51}, {Temperature: 37.5, Humidity: 50}},
		2: {{Temperature: 37.4, Humidity: 49}, {Temperature: 38.9, Humidity: 48}, {Temperature: 39.1, Humidity: 47}},
	}}
	m, err := New(probe, []int{1, 2},
		WithInterval(2*time.Millisecond),
		WithMaxFailures(3),
		WithLogger(log.New(io.Discard, "", 0)),
	)
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()

	alarms := make(chan Alarm, 8)
	m.Watch(ctx, ChickenSetting, NotifierFunc(func(ctx context.Context, a Alarm) error {
		alarms <- a
		return nil
	}))

	err = m.Run(ctx)
	if !errors.Is(err, ErrProbeFailed) {
		t.Fatalf("Run() = %v, want ErrProbeFailed", err)
	}
	if last, ok := m.Latest(2); !ok || last.Temperature != 39.1 {
		t.Fatalf("Latest(2) = %v, %v", last, ok)
	}

	select {
	case a := <-alarms:
		if a.Tray != 2 || a.Severity != Critical {
			t.Fatalf("unexpected alarm %+v", a)
		}
	case <-time.After(time.Second):
		t.Fatal("no alarm for overheating tray 2")
	}
}
