package meterread

import (
	"context"
	"errors"
	"io"
	"sort"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errLinkLost = errors.New("radio: link to collector lost")

type fakeSession struct {
	frames []Frame
	err    error // returned once frames run out; io.EOF if nil
	closed bool
}

func (s *fakeSession) Next(context.Context) (Frame, error) {
	if len(s.frames) == 0 {
		if s.err != nil {
			return Frame{}, s.err
		}
		return Frame{}, io.EOF
	}
	f := s.frames[0]
	s.frames = s.frames[1:]
	return f, nil
}

func (s *fakeSession) Close() error {
	s.closed = true
	return nil
}

type fakeRadio map[string]*fakeSession

func (r fakeRadio) Open(_ context.Context, id string) (Session, error) {
	s, ok := r[id]
	if !ok {
		return nil, errors.New("radio: no such collector")
	}
	return s, nil
}

type memStore struct {
	mu       sync.Mutex
	readings map[string][]Reading
}

func (m *memStore) SaveReadings(_ context.Context, rs []Reading) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range rs {
		m.readings[r.MeterID] = append(m.readings[r.MeterID], r)
	}
	return nil
}

func (m *memStore) Readings(_ context.Context, meterID string, from, to time.Time) ([]Reading, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []Reading
	for _, r := range m.readings[meterID] {
		if !r.At.Before(from) && r.At.Before(to) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

var start = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

// hourly returns one frame per hour for a meter whose register advances by
// usage(hour) litres each hour.
func hourly(serial uint32, hours int, usage func(h int) uint32) []Frame {
	var frames []Frame
	litres := uint32(120000)
	for h := 0; h <= hours; h++ {
		if h > 0 {
			litres += usage(h)
		}
		frames = append(frames, Frame{Payload: EncodeFrame(serial, litres, 0), RSSI: -92, ReceivedAt: start.Add(time.Duration(h) * time.Hour)})
	}
	return frames
}

func TestPollAlertsAndSurvivesLostLink(t *testing.T) {
	defer goleak.VerifyNone(t)

	running := hourly(4471, 24, func(int) uint32 { return 9 })
	household := hourly(5302, 24, func(h int) uint32 {
		if h%24 >= 1 && h%24 <= 6 {
			return 0
		}
		return 40
	})
	north := append(append([]Frame{}, running...), household...)
	north = append(north, Frame{Payload: []byte{0xde, 0xad}, RSSI: -110, ReceivedAt: start})

	store := &memStore{readings: make(map[string][]Reading)}
	radio := fakeRadio{
		"C-north": {frames: north},
		"C-south": {frames: hourly(7710, 2, func(int) uint32 { return 15 }), err: errLinkLost},
	}
	svc, err := New(Config{Radio: radio, Store: store})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	res, err := svc.Poll(ctx, "C-north")
	if err != nil {
		t.Fatalf("Poll C-north: %v", err)
	}
	if res.Readings != 50 || res.Rejected != 1 {
		t.Fatalf("readings = %d, rejected = %d; want 50 and 1", res.Readings, res.Rejected)
	}
	if len(res.Alerts) != 1 || res.Alerts[0].MeterID != "WM00004471" || res.Alerts[0].Litres != 216 {
		t.Fatalf("alerts = %+v, want one for WM00004471 with 216 litres", res.Alerts)
	}

	bill, err := svc.Bill(ctx, Account{ID: "A-88", MeterID: "WM00005302", Tariff: Tariff{
		ServiceCents: 1250,
		Tiers:        []Tier{{UpToLitres: 500, CentsPerKL: 180}, {CentsPerKL: 310}},
	}}, start, start.Add(48*time.Hour))
	if err != nil {
		t.Fatalf("Bill: %v", err)
	}
	if bill.Litres != 720 || bill.AmountCents != 1250+90+69 {
		t.Fatalf("bill = %+v", bill)
	}

	if _, err := svc.Poll(ctx, "C-south"); !errors.Is(err, errLinkLost) {
		t.Fatalf("Poll C-south: got %v, want errLinkLost", err)
	}
	if !radio["C-south"].closed {
		t.Fatal("session with C-south left open")
	}
}
