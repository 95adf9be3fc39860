package fusion

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type registry struct {
	cals map[string]Calibration
	err  error
}

func (r registry) Lookup(_ context.Context, sensor string) (Calibration, error) {
	c, ok := r.cals[sensor]
	if !ok {
		if r.err != nil {
			return Calibration{}, r.err
		}
		return Calibration{}, ErrNoCalibration
	}
	return c, nil
}

type chanSink chan Estimate

func (s chanSink) Publish(_ context.Context, e Estimate) error {
	s <- e
	return nil
}

var t0 = time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)

func at(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }

func feed(rs ...Reading) <-chan Reading {
	in := make(chan Reading, len(rs))
	for _, r := range rs {
		in <- r
	}
	close(in)
	return in
}

func TestRunFusesWindows(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := make(chanSink, 8)
	f, err := New(Config{
		Sensors: []string{"baro-1", "baro-2"},
		Calibrations: registry{cals: map[string]Calibration{
			"baro-1": {Offset: 0, Scale: 1, Variance: 1},
			"baro-2": {Offset: 2, Scale: 1, Variance: 1},
		}},
		Sink:   sink,
		Window: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	err = f.Run(context.Background(), feed(
		Reading{Sensor: "baro-1", At: at(100), Value: 1012},
		Reading{Sensor: "baro-2", At: at(150), Value: 1016},
		Reading{Sensor: "baro-1", At: at(1100), Value: 1013},
	))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := f.Stats().Published; got != 2 {
		t.Fatalf("published %d estimates, want 2", got)
	}
	// Workers publish concurrently, so estimates may arrive in any order.
	for i := 0; i < 2; i++ {
		e := <-sink
		if !e.Start.Equal(t0) {
			continue
		}
		if math.Abs(e.Value-1013) > 1e-9 || e.Partial {
			t.Fatalf("first window = %+v, want 1013 from both sensors", e)
		}
	}
}

func TestRunCalibrationUnavailable(t *testing.T) {
	defer goleak.VerifyNone(t)

	errRegistry := errors.New("device registry unavailable")
	sink := make(chanSink, 8)
	f, err := New(Config{
		Sensors: []string{"imu-a", "imu-b", "imu-c"},
		Calibrations: registry{
			cals: map[string]Calibration{
				"imu-a": {Scale: 1, Variance: 0.5},
				"imu-b": {Scale: 1, Variance: 0.5},
			},
			err: errRegistry,
		},
		Sink:       sink,
		Window:     time.Second,
		Lateness:   time.Second,
		MinSensors: 2,
		Workers:    2,
	})
	if err != nil {
		t.Fatal(err)
	}

	err = f.Run(context.Background(), feed(
		Reading{Sensor: "imu-a", At: at(0), Value: 9.80},
		Reading{Sensor: "imu-b", At: at(10), Value: 9.82},
		Reading{Sensor: "imu-a", At: at(1200), Value: 9.81},
		Reading{Sensor: "imu-b", At: at(1210), Value: 9.79},
		Reading{Sensor: "imu-a", At: at(2400), Value: 9.80},
		Reading{Sensor: "imu-c", At: at(2450), Value: 9.90},
	))
	if !errors.Is(err, errRegistry) {
		t.Fatalf("Run error = %v, want %v", err, errRegistry)
	}

	est := <-sink
	if !est.Start.Equal(t0) || len(est.Sensors) != 2 || !est.Partial {
		t.Fatalf("estimate = %+v, want a partial estimate of the first window", est)
	}
}
