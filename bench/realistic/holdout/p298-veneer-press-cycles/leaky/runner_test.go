package presscycle

import (
	"context"
	"errors"
	"log"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakePress struct {
	mu      sync.Mutex
	temps   map[int]float64
	clamped map[int]float64
	opened  map[int]int
}

func newFakePress(openings int, temp float64) *fakePress {
	p := &fakePress{temps: map[int]float64{}, clamped: map[int]float64{}, opened: map[int]int{}}
	for i := 1; i <= openings; i++ {
		p.temps[i] = temp
	}
	return p
}

func (p *fakePress) setTemp(opening int, t float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.temps[opening] = t
}

func (p *fakePress) PlatenTemp(ctx context.Context, opening int) (float64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.temps[opening], nil
}

func (p *fakePress) Clamp(ctx context.Context, opening int, kPa float64) error {
	select {
	case <-time.After(2 * time.Millisecond):
	case <-ctx.Done():
		return ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clamped[opening] = kPa
	return nil
}

func (p *fakePress) Pressure(ctx context.Context, opening int) (float64, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.clamped[opening] - 5, nil
}

func (p *fakePress) Open(ctx context.Context, opening int) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.clamped, opening)
	p.opened[opening]++
	return nil
}

func (p *fakePress) openCount(opening int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.opened[opening]
}

type memRecorder struct {
	mu     sync.Mutex
	events []Event
}

func (m *memRecorder) Record(ctx context.Context, ev Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.events = append(m.events, ev)
	return nil
}

func (m *memRecorder) kinds(job string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, ev := range m.events {
		if ev.Job == job && ev.Opening == 0 {
			out = append(out, ev.Kind)
		}
	}
	return out
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var ureaFormaldehyde = Glue{
	Name:        "UF-110",
	MinCureTemp: 105,
	Pressure:    1200,
	CurePerMM:   3 * time.Millisecond,
	MinCure:     20 * time.Millisecond,
}

func birchLoad(id string) Job {
	return Job{
		ID:   id,
		Glue: ureaFormaldehyde,
		Layups: []Layup{
			{Opening: 1, PanelID: id + "-A", ThicknessMM: 12},
			{Opening: 2, PanelID: id + "-B", ThicknessMM: 12},
			{Opening: 3, PanelID: id + "-C", ThicknessMM: 18},
			{Opening: 4, PanelID: id + "-D", ThicknessMM: 18},
			{Opening: 5, PanelID: id + "-E", ThicknessMM: 9},
		},
	}
}

func TestShiftWithHeaterFaultOnOpeningThree(t *testing.T) {
	defer goleak.VerifyNone(t)

	press := newFakePress(6, 118)
	rec := &memRecorder{}
	r := NewRunner(press, rec, 6,
		WithLogger(log.New(testWriter{t}, "", 0)),
		WithSampleInterval(2*time.Millisecond),
		WithPressureTolerance(40),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()

	rep, err := r.Run(ctx, birchLoad("J-0412"))
	if err != nil {
		t.Fatalf("first load: %v", err)
	}
	if len(rep.Openings) != 5 {
		t.Fatalf("first load pressed %d openings, want 5", len(rep.Openings))
	}
	for _, o := range rep.Openings {
		if o.MinPressure < ureaFormaldehyde.Pressure-40 {
			t.Errorf("opening %d sagged to %.0f kPa", o.Opening, o.MinPressure)
		}
	}
	if rep.Openings[2].CureTime != 54*time.Millisecond {
		t.Errorf("18 mm panel cured for %s, want 54ms", rep.Openings[2].CureTime)
	}

	// The heating circuit of opening 3 trips between loads.
	press.setTemp(3, 91.5)
	_, err = r.Run(ctx, birchLoad("J-0413"))
	if !errors.Is(err, ErrPlatenCold) {
		t.Fatalf("second load: got %v, want ErrPlatenCold", err)
	}
	for i := 1; i <= 5; i++ {
		if n := press.openCount(i); n != 2 {
			t.Errorf("opening %d opened %d times over two loads, want 2", i, n)
		}
	}
	kinds := rec.kinds("J-0413")
	if len(kinds) != 2 || kinds[0] != "cycle-start" || kinds[1] != "cycle-aborted" {
		t.Fatalf("quality log for J-0413 = %v", kinds)
	}
}
