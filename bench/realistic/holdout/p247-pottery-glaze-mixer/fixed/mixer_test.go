package glaze

import (
	"context"
	"errors"
	"log"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errAugerJammed = errors.New("auger jammed")

// hopperPump delivers material in fixed increments, like an auger turning
// a fixed number of degrees per pulse.
type hopperPump struct {
	increment float64
	jamAfter  map[string]float64

	mu        sync.Mutex
	delivered map[string]float64
}

func (p *hopperPump) Dispense(ctx context.Context, material string, grams float64, flow func(float64)) error {
	done := 0.0
	for done < grams {
		if err := ctx.Err(); err != nil {
			return err
		}
		if limit, ok := p.jamAfter[material]; ok && done >= limit {
			return errAugerJammed
		}
		step := math.Min(p.increment, grams-done)
		done += step
		p.mu.Lock()
		if p.delivered == nil {
			p.delivered = map[string]float64{}
		}
		p.delivered[material] += step
		p.mu.Unlock()
		flow(step)
		time.Sleep(100 * time.Microsecond)
	}
	return nil
}

var floatingBlue = Recipe{
	Name: "Floating Blue",
	Cone: "6",
	Ingredients: []Ingredient{
		{Material: "Nepheline Syenite", Percent: 47.3},
		{Material: "Gerstley Borate", Percent: 27.0},
		{Material: "Silica", Percent: 20.3},
		{Material: "EPK Kaolin", Percent: 5.4},
		{Material: "Red Iron Oxide", Percent: 2, Additive: true},
		{Material: "Rutile", Percent: 4, Additive: true},
		{Material: "Cobalt Carbonate", Percent: 1, Additive: true},
	},
}

func TestPlanOrdersBaseBeforeAdditives(t *testing.T) {
	steps, err := floatingBlue.Plan(2000)
	if err != nil {
		t.Fatal(err)
	}
	if steps[0].Material != "Nepheline Syenite" || steps[0].Grams != 946 {
		t.Errorf("first step = %+v", steps[0])
	}
	if last := steps[len(steps)-1]; last.Material != "Cobalt Carbonate" || last.Grams != 20 {
		t.Errorf("last step = %+v", last)
	}
}

func TestBatchAbortsOnJammedAuger(t *testing.T) {
	defer goleak.VerifyNone(t)

	pump := &hopperPump{
		increment: 5,
		jamAfter:  map[string]float64{"Cobalt Carbonate": 10},
	}
	mx, err := New(pump,
		WithTolerance(0.5),
		WithSettleTime(50*time.Millisecond),
		WithStepTimeout(time.Second),
		WithLogger(log.New(os.Stderr, "", log.Lmicroseconds)),
	)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := mx.MixBatch(context.Background(), floatingBlue, 2000)
	if !errors.Is(err, errAugerJammed) {
		t.Fatalf("MixBatch() err = %v, want jammed auger", err)
	}
	if len(rep.Steps) != 7 {
		t.Fatalf("report has %d steps, want 7", len(rep.Steps))
	}
	for _, s := range rep.Steps[:6] {
		if s.Err != nil || math.Abs(s.Actual-s.Grams) > 0.5 {
			t.Errorf("%s: got %.1f g of %.1f g (err %v)", s.Material, s.Actual, s.Grams, s.Err)
		}
	}
	if got := rep.Steps[6].Actual; got != 10 {
		t.Errorf("cobalt in bucket = %.1f g, want 10", got)
	}
}
