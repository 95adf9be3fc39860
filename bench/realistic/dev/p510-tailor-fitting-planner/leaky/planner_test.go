package fitting

import (
	"context"
	"fmt"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type cadStub struct{}

func (cadStub) Draft(_ context.Context, o Order, m map[string]float64) (Pattern, error) {
	return Pattern{OrderID: o.ID, Pieces: 4 * len(o.Garments), Ref: fmt.Sprintf("PAT-%s-%d", o.ID, len(m))}, nil
}

type bookCall struct {
	orderID, tailor string
	after           time.Time
}

type appointmentBook struct {
	booked chan bookCall

	mu       sync.Mutex
	released []string
}

func (b *appointmentBook) BookFitting(_ context.Context, orderID, tailor string, after time.Time) (time.Time, error) {
	b.booked <- bookCall{orderID, tailor, after}
	return after.Truncate(24 * time.Hour).Add(34 * time.Hour), nil
}

func (b *appointmentBook) ReleaseHold(_ context.Context, orderID string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.released = append(b.released, orderID)
	return nil
}

type shopLog struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (l *shopLog) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(b)
}

func (l *shopLog) waitFor(t *testing.T, line string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		l.mu.Lock()
		found := strings.Contains(l.buf.String(), line)
		l.mu.Unlock()
		if found {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("log never showed %q", line)
}

func TestSuitBookedAndOvercoatCancelled(t *testing.T) {
	now := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	book := &appointmentBook{booked: make(chan bookCall, 4)}
	shop := &shopLog{}
	p, err := New(cadStub{}, book, Config{DraftLead: 24 * time.Hour},
		WithClock(func() time.Time { return now }), WithLogger(log.New(shop, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	suit := Order{ID: "SO-1041", Customer: "H. Okafor", Tailor: "marguerite", Garments: []Garment{Jacket, Trousers}}
	coat := Order{ID: "SO-1042", Customer: "L. Brandt", Tailor: "marguerite", Garments: []Garment{Overcoat}}
	for _, o := range []Order{suit, coat} {
		if err := p.Open(o); err != nil {
			t.Fatalf("open %s: %v", o.ID, err)
		}
	}

	suitMeasurements := map[string]float64{
		"chest": 102, "waist": 88, "seat": 104, "shoulder": 46, "sleeve": 64,
		"back_length": 76, "inseam": 81, "outseam": 106, "thigh": 60,
	}
	for name, cm := range suitMeasurements {
		if err := p.Record(suit.ID, name, cm); err != nil {
			t.Fatalf("record %s: %v", name, err)
		}
	}
	if err := p.Record(coat.ID, "chest", 240); err == nil {
		t.Fatal("implausible chest accepted")
	}
	for name, cm := range map[string]float64{"chest": 98, "shoulder": 45} {
		if err := p.Record(coat.ID, name, cm); err != nil {
			t.Fatalf("record %s: %v", name, err)
		}
	}

	select {
	case call := <-book.booked:
		if call.orderID != suit.ID || !call.after.Equal(now.Add(48*time.Hour)) {
			t.Fatalf("unexpected booking %+v", call)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("suit fitting was never booked")
	}

	missing, err := p.Missing(coat.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != 4 {
		t.Fatalf("overcoat missing %v, want 4 measurements", missing)
	}
	shop.waitFor(t, "order SO-1042: waiting for back_length, neck, seat, sleeve")
	if err := p.Cancel(context.Background(), coat.ID, "customer moved abroad"); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	if err := p.Record(coat.ID, "neck", 40); err == nil {
		t.Fatal("recorded a measurement on a cancelled order")
	}

	p.Close()
	if err := p.Open(Order{ID: "SO-1043", Tailor: "marguerite", Garments: []Garment{Waistcoat}}); err != ErrClosed {
		t.Fatalf("open after close: %v", err)
	}

	goleak.VerifyNone(t)
}
