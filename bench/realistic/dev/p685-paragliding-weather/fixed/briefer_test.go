package paraweather

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fixedSource struct {
	name    string
	reading Reading
	err     error
}

func (s fixedSource) Name() string { return s.name }

func (s fixedSource) Fetch(ctx context.Context, site Site) (Reading, error) {
	return s.reading, s.err
}

// slowSource answers only when the caller gives up.
type slowSource struct{ name string }

func (s slowSource) Name() string { return s.name }

func (s slowSource) Fetch(ctx context.Context, site Site) (Reading, error) {
	<-ctx.Done()
	return Reading{}, ctx.Err()
}

var launch = Site{
	Name:       "Col de la Forclaz",
	Lat:        45.81,
	Lon:        6.24,
	Elevation:  1250,
	DirFrom:    250,
	DirTo:      340,
	MaxWindKmh: 25,
	MaxGustKmh: 35,
}

func TestBriefFlyable(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2023, 6, 14, 11, 0, 0, 0, time.UTC)
	b, err := NewBriefer([]Source{
		fixedSource{name: "stations", reading: Reading{ObservedAt: now.Add(-10 * time.Minute), WindKmh: 12, GustKmh: 18, WindDir: 300}},
		fixedSource{name: "model", reading: Reading{ObservedAt: now.Add(-time.Hour), WindKmh: 14, GustKmh: 20, WindDir: 290, CloudBase: 2600}},
	}, WithRequired("stations"), WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	br, err := b.Brief(context.Background(), launch)
	if err != nil {
		t.Fatalf("Brief: %v", err)
	}
	if br.Verdict != Flyable {
		t.Fatalf("verdict = %v (%v), want flyable", br.Verdict, br.Reasons)
	}
	if len(br.Readings) != 2 || br.CloudBase != 2600 {
		t.Fatalf("unexpected briefing %+v", br)
	}
}

func TestBriefRequiredSourceDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	down := errors.New("503 service unavailable")
	b, err := NewBriefer([]Source{
		slowSource{name: "model"},
		fixedSource{name: "stations", err: down},
		slowSource{name: "sounding"},
	}, WithRequired("stations"), WithTimeout(5*time.Second), WithLogger(log.New(io.Discard, "", 0)))
	if err != nil {
		t.Fatal(err)
	}

	_, err = b.Brief(context.Background(), launch)
	var se *SourceError
	if !errors.As(err, &se) || se.Source != "stations" || !errors.Is(err, down) {
		t.Fatalf("Brief error = %v, want stations source error", err)
	}
}
