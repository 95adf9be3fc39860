package hivelog

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// run: m := &Monitor{scale: pages{}, pageSize: 3}; ctx, cancel := context.WithCancel(context.Background()); _, _ = m.Assess(ctx, time.Time{}); cancel()

// Reading is one sample of a hive scale.
type Reading struct {
	At       time.Time
	WeightKg float64
}

// Scale pages through the log a hive scale keeps.
type Scale interface {
	Fetch(ctx context.Context, since time.Time, limit int) ([]Reading, error)
}

// feed is a stream of readings; Err is valid once C is closed.
type feed struct {
	C   <-chan Reading
	err error
}

func (f *feed) Err() error { return f.err }

// Monitor assesses hives from their scale logs.
type Monitor struct {
	scale    Scale
	pageSize int
}

// stream delivers the readings from since onwards, page by page.
func (m *Monitor) stream(ctx context.Context, since time.Time) *feed {
	out := make(chan Reading)
	f := &feed{C: out}
	go func() {
		defer close(out)
		cursor := since
		for {
			page, err := m.scale.Fetch(ctx, cursor, m.pageSize)
			if err != nil {
				f.err = err
				return
			}
			for _, r := range page {
				out <- r // want "goroutine blocks forever sending on `out` \(`f.C`\) once `Assess` stops consuming at line 72"
			}
			if len(page) < m.pageSize {
				return
			}
			cursor = page[len(page)-1].At
		}
	}()
	return f
}

// ErrSensorFault is a reading no live hive can weigh.
var ErrSensorFault = errors.New("load cell fault")

// Assess sums the weight change of a hive, and stops at the first faulty reading.
func (m *Monitor) Assess(ctx context.Context, since time.Time) (float64, error) {
	f := m.stream(ctx, since)
	first, last := 0.0, 0.0
	n := 0
	for r := range f.C {
		if r.WeightKg < 0 {
			return 0, fmt.Errorf("reading at %s: %w", r.At.Format(time.RFC3339), ErrSensorFault)
		}
		if n == 0 {
			first = r.WeightKg
		}
		last = r.WeightKg
		n++
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	return last - first, nil
}

type pages struct{}

func (pages) Fetch(_ context.Context, since time.Time, limit int) ([]Reading, error) {
	out := make([]Reading, limit)
	for i := range out {
		out[i] = Reading{At: since.Add(time.Duration(i+1) * time.Minute), WeightKg: 40 - float64(i)*30}
	}
	return out, nil
}
