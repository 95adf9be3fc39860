package telemetry

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

type step struct {
	raw []byte
	err error
}

type scriptedSource struct {
	name  string
	mu    sync.Mutex
	steps []step
}

func (s *scriptedSource) Name() string { return s.name }

func (s *scriptedSource) Next(ctx context.Context) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.steps) == 0 {
		return nil, io.EOF
	}
	st := s.steps[0]
	s.steps = s.steps[1:]
	return st.raw, st.err
}

type timeoutErr struct{}

func (timeoutErr) Error() string   { return "modbus gateway: read timeout" }
func (timeoutErr) Temporary() bool { return true }

var errGatewayReset = errors.New("modbus gateway: connection reset by peer")

type memSink struct {
	mu        sync.Mutex
	summaries []Summary
}

func (m *memSink) WriteSummaries(ctx context.Context, s []Summary) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.summaries = append(m.summaries, s...)
	return nil
}

var base = time.Date(2024, 1, 17, 3, 0, 0, 0, time.UTC)

// shiftFrames returns n frames per turbine, one every 30 seconds.
func shiftFrames(turbines []string, n int) []step {
	var steps []step
	for i := 0; i < n; i++ {
		for j, id := range turbines {
			f := Frame{
				Turbine:  id,
				At:       base.Add(time.Duration(i) * 30 * time.Second),
				RotorRPM: 12.5 + float64(j),
				PowerKW:  1800 + float64(100*j) + float64(i),
				WindMS:   9.5,
				PitchDeg: 1.5,
			}
			if id == "WTG-03" && i%5 == 0 {
				f.StatusBit |= StatusIcing
			}
			steps = append(steps, step{raw: Encode(f)})
		}
	}
	return steps
}

func newTestPipeline(sink Sink) *Pipeline {
	return NewPipeline(sink, Config{
		Workers:    3,
		QueueDepth: 8,
		Window:     10 * time.Minute,
		MaxRetries: 2,
		Backoff:    time.Millisecond,
		Logger:     log.New(io.Discard, "", 0),
	})
}

func TestRunSummarisesNightShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	steps := shiftFrames([]string{"WTG-01", "WTG-02", "WTG-03"}, 20)
	corrupt := Encode(Frame{Turbine: "WTG-02", At: base})
	corrupt[22] ^= 0xff
	steps = append(steps[:7], append([]step{{raw: corrupt}, {err: timeoutErr{}}}, steps[7:]...)...)

	sink := &memSink{}
	rep, err := newTestPipeline(sink).Run(context.Background(), &scriptedSource{name: "gw-north", steps: steps})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.Accepted != 60 {
		t.Errorf("accepted = %d, want 60", rep.Accepted)
	}
	if got := rep.Rejected[ErrChecksum.Error()]; got != 1 {
		t.Errorf("checksum rejects = %d, want 1", got)
	}
	if len(sink.summaries) != 3 {
		t.Fatalf("sink got %d summaries, want 3", len(sink.summaries))
	}
	for _, s := range sink.summaries {
		if s.Samples != 20 {
			t.Errorf("%s: %d samples, want 20", s.Turbine, s.Samples)
		}
	}
	if s := sink.summaries[2]; s.Turbine != "WTG-03" || s.IcingAlerts != 4 {
		t.Errorf("WTG-03 summary = %+v, want 4 icing alerts", s)
	}
}

func TestRunGatewayResetMidShift(t *testing.T) {
	defer goleak.VerifyNone(t)

	steps := shiftFrames([]string{"WTG-01", "WTG-02", "WTG-03"}, 6)
	steps = append(steps, step{err: timeoutErr{}}, step{err: errGatewayReset})
	steps = append(steps, shiftFrames([]string{"WTG-01"}, 4)...)

	sink := &memSink{}
	_, err := newTestPipeline(sink).Run(context.Background(), &scriptedSource{name: "gw-south", steps: steps})
	if !errors.Is(err, errGatewayReset) {
		t.Fatalf("Run error = %v, want %v", err, errGatewayReset)
	}
	if len(sink.summaries) != 0 {
		t.Errorf("sink got %d summaries after failed run, want none", len(sink.summaries))
	}
}
