package groundstation

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type simClock struct{ now time.Time }

func (c *simClock) Now() time.Time { return c.now }

func (c *simClock) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.now = c.now.Add(d)
	ch <- c.now
	return ch
}

type tablePredictor map[int][]Pass

func (p tablePredictor) Passes(ctx context.Context, sat Satellite, from, to time.Time) ([]Pass, error) {
	var out []Pass
	for _, ps := range p[sat.NoradID] {
		if ps.AOS.Before(to) && ps.LOS.After(from) {
			ps.Satellite = sat
			out = append(out, ps)
		}
	}
	return out, nil
}

type calendar struct {
	mu       sync.Mutex
	n        int
	released []string
}

func (c *calendar) Reserve(ctx context.Context, antenna string, p Pass) (Booking, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return Booking{ID: fmt.Sprintf("bk-%d", c.n), Antenna: antenna, Pass: p}, nil
}

func (c *calendar) Release(ctx context.Context, id string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.released = append(c.released, id)
	return nil
}

type replayRadio struct{ data []byte }

func (r replayRadio) Open(ctx context.Context, b Booking) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(r.data)), nil
}

var errQuota = errors.New("bucket quota exceeded")

// quotaArchive accepts only the first few bytes of an object.
type quotaArchive struct{ limit int }

func (a quotaArchive) Put(ctx context.Context, key string, r io.Reader) error {
	buf := make([]byte, a.limit)
	if _, err := io.ReadFull(r, buf); err != nil {
		return err
	}
	return errQuota
}

func encodeFrame(vcid uint8, count uint32, payload []byte) []byte {
	hdr := make([]byte, 7)
	hdr[0] = vcid
	binary.BigEndian.PutUint32(hdr[1:5], count)
	binary.BigEndian.PutUint16(hdr[5:7], uint16(len(payload)))
	crc := crc16(crc16(0xFFFF, hdr), payload)
	out := append(append([]byte{}, asm...), hdr...)
	out = append(out, payload...)
	return binary.BigEndian.AppendUint16(out, crc)
}

func TestPassArchiveRejectsTelemetry(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := &simClock{now: start}
	sat := Satellite{NoradID: 25544, Name: "ISS", Priority: 1}
	pred := tablePredictor{25544: {
		{AOS: start.Add(10 * time.Minute), LOS: start.Add(20 * time.Minute), MaxElevation: 62},
		{AOS: start.Add(100 * time.Minute), LOS: start.Add(108 * time.Minute), MaxElevation: 4},
	}}
	var stream []byte
	stream = append(stream, 0x00, 0x55, 0xAA) // noise before lock
	for i := uint32(0); i < 4; i++ {
		stream = append(stream, encodeFrame(1, i, bytes.Repeat([]byte{byte(i)}, 48))...)
	}
	cal := &calendar{}
	s, err := New(Config{
		Antennas:     []Antenna{{ID: "dish-1", MinElevation: 5}},
		Horizon:      6 * time.Hour,
		Turnaround:   2 * time.Minute,
		MinElevation: 10,
	}, pred, cal, replayRadio{data: stream}, quotaArchive{limit: 16}, WithClock(clock))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	ctx := context.Background()
	bookings, err := s.Plan(ctx, []Satellite{sat})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if len(bookings) != 1 || bookings[0].Antenna != "dish-1" {
		t.Fatalf("Plan = %+v, want one booking on dish-1", bookings)
	}

	_, err = s.Execute(ctx, bookings[0])
	if !errors.Is(err, errQuota) {
		t.Fatalf("Execute: got %v, want %v", err, errQuota)
	}
	cal.mu.Lock()
	defer cal.mu.Unlock()
	if len(cal.released) != 1 || cal.released[0] != bookings[0].ID {
		t.Errorf("released = %v, want [%s]", cal.released, bookings[0].ID)
	}
}
