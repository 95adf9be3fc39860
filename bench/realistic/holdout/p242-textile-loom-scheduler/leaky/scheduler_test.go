package loom

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memStock struct {
	mu        sync.Mutex
	meters    map[string]float64
	requested []string
	committed int
	released  int
}

type memReservation struct {
	stock  *memStock
	yarn   string
	meters float64
	done   bool
}

func (s *memStock) Reserve(_ context.Context, yarn string, meters float64) (Reservation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requested = append(s.requested, yarn)
	have := s.meters[yarn]
	if have < meters {
		return nil, fmt.Errorf("%s: have %.0fm, need %.0fm: %w", yarn, have, meters, ErrOutOfStock)
	}
	s.meters[yarn] = have - meters
	return &memReservation{stock: s, yarn: yarn, meters: meters}, nil
}

func (r *memReservation) Commit() error {
	r.stock.mu.Lock()
	defer r.stock.mu.Unlock()
	if r.done {
		return errors.New("reservation already settled")
	}
	r.done = true
	r.stock.committed++
	return nil
}

func (r *memReservation) Release() error {
	r.stock.mu.Lock()
	defer r.stock.mu.Unlock()
	if r.done {
		return errors.New("reservation already settled")
	}
	r.done = true
	r.stock.meters[r.yarn] += r.meters
	r.stock.released++
	return nil
}

type fakeLoom struct {
	name    string
	widthCM float64
}

func (l *fakeLoom) Name() string { return l.name }

func (l *fakeLoom) Weave(ctx context.Context, spec WeaveSpec) error {
	select {
	case <-time.After(time.Duration(spec.LengthM) * time.Millisecond):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

type floor struct {
	idle chan *fakeLoom
}

func newFloor(looms ...*fakeLoom) *floor {
	f := &floor{idle: make(chan *fakeLoom, len(looms))}
	for _, l := range looms {
		f.idle <- l
	}
	return f
}

func (f *floor) Acquire(ctx context.Context, widthCM float64) (Loom, error) {
	select {
	case l := <-f.idle:
		if l.widthCM < widthCM {
			f.idle <- l
			return nil, fmt.Errorf("loom %s too narrow for %.0fcm", l.name, widthCM)
		}
		return l, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (f *floor) Release(l Loom) { f.idle <- l.(*fakeLoom) }

func TestRunFailsWhenNavyRunsShort(t *testing.T) {
	defer goleak.VerifyNone(t)

	twill := Pattern{Name: "2/2 twill", WidthCM: 140, EndsPerCM: 24, PicksPerCM: 22, Shafts: 4}
	herringbone := Pattern{Name: "herringbone", WidthCM: 150, EndsPerCM: 28, PicksPerCM: 26, Shafts: 8}
	day := func(d int) time.Time { return time.Date(2024, time.March, d, 17, 0, 0, 0, time.UTC) }

	orders := []Order{
		{ID: "ord-1041", Pattern: herringbone, LengthM: 30, Yarn: "merino-ecru", Due: day(7)},
		{ID: "ord-1038", Pattern: twill, LengthM: 25, Yarn: "merino-navy", Due: day(5)},
		{ID: "ord-1040", Pattern: twill, LengthM: 40, Yarn: "merino-navy", Due: day(6)},
		{ID: "ord-1042", Pattern: twill, LengthM: 20, Yarn: "merino-navy", Due: day(4), Rush: true},
		{ID: "ord-1039", Pattern: herringbone, LengthM: 12, Yarn: "merino-ecru", Due: day(4)},
	}
	navyNeeded := orders[1].YarnMeters() + orders[3].YarnMeters() + orders[2].YarnMeters()/2
	stock := &memStock{meters: map[string]float64{
		"merino-navy": navyNeeded,
		"merino-ecru": 1e6,
	}}
	s, err := New(Config{
		Looms:     newFloor(&fakeLoom{"L1-dornier", 190}, &fakeLoom{"L2-dornier", 190}, &fakeLoom{"L3-picanol", 160}),
		Stock:     stock,
		Workers:   3,
		MaxShafts: 16,
		Logger:    log.New(testWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	batch, err := s.Run(ctx, orders)
	if !errors.Is(err, ErrOutOfStock) {
		t.Fatalf("Run error = %v, want ErrOutOfStock", err)
	}
	if batch != nil {
		t.Errorf("Run returned a batch alongside an error: %+v", batch)
	}

	stock.mu.Lock()
	requested := append([]string(nil), stock.requested...)
	stock.mu.Unlock()
	want := []string{"merino-navy", "merino-ecru", "merino-navy", "merino-navy"}
	if fmt.Sprint(requested) != fmt.Sprint(want) {
		t.Errorf("yarn requested in order %v, want %v", requested, want)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
