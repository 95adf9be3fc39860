package geofence

import (
	"context"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type chanSource chan Ping

func (s chanSource) Next(ctx context.Context) (Ping, error) {
	select {
	case p, ok := <-s:
		if !ok {
			return Ping{}, io.EOF
		}
		return p, nil
	case <-ctx.Done():
		return Ping{}, ctx.Err()
	}
}

type recorder chan Entry

func (r recorder) NotifyEntry(ctx context.Context, e Entry) error {
	r <- e
	return nil
}

func expectEntry(t *testing.T, r recorder, vehicle, fence string) {
	t.Helper()
	e := <-r
	if e.VehicleID != vehicle || e.FenceID != fence {
		t.Fatalf("entry = %s in %s, want %s in %s", e.VehicleID, e.FenceID, vehicle, fence)
	}
}

func TestTrackerReassignment(t *testing.T) {
	defer goleak.VerifyNone(t)

	var (
		spandau   = Point{Lat: 52.5351, Lon: 13.1990}
		tempelhof = Point{Lat: 52.4731, Lon: 13.4039}
		highway   = Point{Lat: 52.5000, Lon: 13.3000}
		t0        = time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	)
	depotWest := Fence{ID: "depot-west", Region: Circle{Center: spandau, RadiusM: 800}}
	depotSouth := Fence{ID: "depot-south", Region: Polygon{
		{Lat: 52.468, Lon: 13.395}, {Lat: 52.468, Lon: 13.412},
		{Lat: 52.478, Lon: 13.412}, {Lat: 52.478, Lon: 13.395},
	}}

	src := make(chanSource)
	disp := make(recorder, 8)
	tr, err := New(Config{Source: src, Dispatcher: disp, Fences: []Fence{depotWest}})
	if err != nil {
		t.Fatal(err)
	}
	runErr := make(chan error, 1)
	go func() { runErr <- tr.Run(context.Background()) }()

	src <- Ping{VehicleID: "truck-7", Position: highway, At: t0}
	src <- Ping{VehicleID: "truck-7", Position: spandau, At: t0.Add(time.Minute)}
	expectEntry(t, disp, "truck-7", "depot-west")
	src <- Ping{VehicleID: "van-2", Position: spandau, At: t0.Add(time.Minute)}
	expectEntry(t, disp, "van-2", "depot-west")

	// Operations moves truck-7 to the southern depot.
	tr.Assign("truck-7", []Fence{depotSouth})
	src <- Ping{VehicleID: "truck-7", Position: highway, At: t0.Add(20 * time.Minute)}
	src <- Ping{VehicleID: "truck-7", Position: tempelhof, At: t0.Add(40 * time.Minute)}
	expectEntry(t, disp, "truck-7", "depot-south")

	close(src)
	if err := <-runErr; err != nil {
		t.Fatalf("Run: %v", err)
	}
	select {
	case e := <-disp:
		t.Fatalf("unexpected entry %+v", e)
	default:
	}
}
