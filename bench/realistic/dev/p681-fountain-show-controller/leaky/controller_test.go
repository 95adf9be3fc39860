package fountain

import (
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type setCall struct {
	n      Nozzle
	e      Effect
	height float64
}

type fakeBank struct {
	mu     sync.Mutex
	calls  []setCall
	allOff int
}

func (b *fakeBank) Set(n Nozzle, e Effect, height float64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, setCall{n, e, height})
	return nil
}

func (b *fakeBank) AllOff() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allOff++
	return nil
}

type steadyWind float64

func (w steadyWind) WindSpeed() float64 { return float64(w) }

func TestControllerPlaysShowAndCloses(t *testing.T) {
	defer goleak.VerifyNone(t)

	bank := &fakeBank{}
	c := NewController(bank, WithNozzles(4), WithMaxHeight(20), WithWind(steadyWind(12), 8))

	show := Show{
		Name: "overture",
		Cues: []Cue{
			{ID: "finale", At: 2 * time.Second, Nozzles: []Nozzle{0, 1, 2, 3}, Effect: Jet, Height: 18},
			{ID: "open", At: 0, Nozzles: []Nozzle{0}, Effect: Mist, Height: 3},
			{ID: "arc", At: time.Second, Nozzles: []Nozzle{1, 2}, Effect: Arc, Height: 9, Hold: 5 * time.Millisecond},
		},
	}
	if err := c.Load(show); err != nil {
		t.Fatalf("Load: %v", err)
	}
	c.WaitIdle()

	fired, faults := c.Stats()
	if fired != 3 || len(faults) != 0 {
		t.Fatalf("fired %d cues with faults %v, want 3 and none", fired, faults)
	}
	bank.mu.Lock()
	first, last := bank.calls[0], bank.calls[len(bank.calls)-8]
	bank.mu.Unlock()
	if first.n != 0 || first.e != Mist {
		t.Errorf("first call = %+v, want nozzle 0 mist", first)
	}
	if last.e != Jet || last.height != 12 {
		t.Errorf("finale call = %+v, want jet at 12m after wind limiting", last)
	}

	bad := Show{Name: "bad", Cues: []Cue{{ID: "x", Nozzles: []Nozzle{9}, Effect: Jet}}}
	var ce *CueError
	if err := c.Load(bad); !errors.As(err, &ce) {
		t.Errorf("Load(bad) = %v, want CueError", err)
	}

	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Load(show); !errors.Is(err, ErrClosed) {
		t.Errorf("Load after Close = %v, want ErrClosed", err)
	}
}
