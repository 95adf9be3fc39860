package kiln

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// stepClock advances ten minutes of firing time on every reading.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(10 * time.Minute)
	return c.now
}

// chamber is a crude thermal model shared by a fake thermocouple and a
// fake relay board.
type chamber struct {
	mu      sync.Mutex
	temp    float64
	duty    float64
	maxDuty float64
	reads   int
	failOn  int
	failed  chan struct{}
	duties  []float64
}

func newChamber(failOn int) *chamber {
	return &chamber{temp: 22, failOn: failOn, failed: make(chan struct{})}
}

var errOpenCircuit = errors.New("thermocouple open circuit")

func (c *chamber) ReadC(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads++
	c.temp += c.duty*160 - (c.temp-22)*0.04
	if c.reads == c.failOn {
		close(c.failed)
		return 0, errOpenCircuit
	}
	return c.temp, nil
}

func (c *chamber) SetDuty(_ context.Context, d float64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.duty = d
	c.duties = append(c.duties, d)
	if d > c.maxDuty {
		c.maxDuty = d
	}
	return nil
}

func TestStudioFiringWithThermocoupleGlitch(t *testing.T) {
	defer goleak.VerifyNone(t)

	big := newChamber(0)
	tile := newChamber(3)
	ctl, err := NewController(map[string]Hardware{
		"skutt-1027": {Thermocouple: big, Elements: big},
		"test-kiln":  {Thermocouple: tile, Elements: tile},
	},
		WithTick(2*time.Millisecond),
		WithGain(0.02),
		WithMaxSensorFaults(3),
		WithClock(&stepClock{now: time.Date(2024, 3, 1, 18, 0, 0, 0, time.UTC)}),
	)
	if err != nil {
		t.Fatal(err)
	}

	bisque := Schedule{Name: "bisque 04", StartC: 22, Segments: []Segment{
		{RatePerHour: 600, TargetC: 600, Hold: 20 * time.Minute},
		{RatePerHour: 400, TargetC: 1000, Hold: 10 * time.Minute},
	}}
	glaze := Schedule{Name: "cone 6 glaze", StartC: 22, Segments: []Segment{
		{RatePerHour: 100, TargetC: 600},
		{RatePerHour: 150, TargetC: 1100},
		{RatePerHour: 60, TargetC: 1222, Hold: 2 * time.Hour},
	}}
	if err := (Schedule{Name: "bad", Segments: []Segment{{RatePerHour: 100, TargetC: 1400}}}).Validate(); !errors.Is(err, ErrBadSchedule) {
		t.Fatalf("over-temperature schedule accepted: %v", err)
	}

	ctx := context.Background()
	if err := ctl.StartFiring(ctx, "skutt-1027", bisque); err != nil {
		t.Fatal(err)
	}
	if err := ctl.StartFiring(ctx, "test-kiln", glaze); err != nil {
		t.Fatal(err)
	}
	if err := ctl.StartFiring(ctx, "skutt-1027", bisque); !errors.Is(err, ErrBusy) {
		t.Fatalf("second firing on a busy kiln: err = %v, want ErrBusy", err)
	}

	wctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	st, err := ctl.Wait(wctx, "skutt-1027")
	if err != nil {
		t.Fatalf("waiting for bisque: %v", err)
	}
	if st.State != StateComplete || st.Duty != 0 {
		t.Fatalf("bisque ended in %s with duty %.2f", st.State, st.Duty)
	}
	big.mu.Lock()
	if big.maxDuty < 0.5 {
		t.Errorf("bisque elements never above %.2f duty", big.maxDuty)
	}
	big.mu.Unlock()

	select {
	case <-tile.failed:
	case <-time.After(time.Second):
		t.Fatal("test kiln never read its thermocouple")
	}
	// The glaze test is stopped by the potter after a few more control periods.
	time.Sleep(20 * 2 * time.Millisecond)
	if err := ctl.Abort("test-kiln"); err != nil {
		t.Fatal(err)
	}
}
