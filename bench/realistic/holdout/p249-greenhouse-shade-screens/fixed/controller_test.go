package shade

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeMotor struct {
	mu    sync.Mutex
	pos   map[string]int
	moves int
}

func (m *fakeMotor) MoveTo(ctx context.Context, zone string, percent int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pos == nil {
		m.pos = make(map[string]int)
	}
	m.pos[zone] = percent
	m.moves++
	return nil
}

func (m *fakeMotor) snapshot() (map[string]int, int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]int, len(m.pos))
	for z, p := range m.pos {
		out[z] = p
	}
	return out, m.moves
}

type fakeSensor struct {
	mu  sync.Mutex
	irr float64
}

func (s *fakeSensor) set(v float64) {
	s.mu.Lock()
	s.irr = v
	s.mu.Unlock()
}

func (s *fakeSensor) Irradiance(ctx context.Context) (float64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.irr, nil
}

func waitPositions(t *testing.T, m *fakeMotor, want int, zones ...string) {
	t.Helper()
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		pos, _ := m.snapshot()
		ok := true
		for _, z := range zones {
			if p, found := pos[z]; !found || p != want {
				ok = false
			}
		}
		if ok {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	pos, _ := m.snapshot()
	t.Fatalf("screens did not reach %d%%: %v", want, pos)
}

func TestSummerScheduleThenManualOverride(t *testing.T) {
	defer goleak.VerifyNone(t)

	motor := &fakeMotor{}
	sensor := &fakeSensor{}
	sensor.set(650)
	zones := []string{"tomato-north", "tomato-south"}

	spring := Schedule{
		Name:  "spring",
		Zones: zones,
		Bands: []Band{{Above: 800, Deploy: 60}, {Above: 500, Deploy: 40}},
	}
	summer := Schedule{
		Name:  "summer-heat",
		Zones: zones,
		Bands: []Band{{Above: 400, Deploy: 50}, {Above: 600, Deploy: 75}},
	}

	c, err := New(motor, sensor, spring, WithInterval(3*time.Millisecond), WithMoveTimeout(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	if err := c.SetMode(ModeAuto); err != nil {
		t.Fatal(err)
	}
	waitPositions(t, motor, 40, zones...)

	if err := c.ApplySchedule(summer); err != nil {
		t.Fatal(err)
	}
	waitPositions(t, motor, 75, zones...)

	if err := c.SetMode(ModeManual); err != nil {
		t.Fatal(err)
	}
	_, before := motor.snapshot()
	sensor.set(900)
	time.Sleep(30 * time.Millisecond)
	if _, after := motor.snapshot(); after != before {
		t.Errorf("screens moved %d times in manual mode", after-before)
	}

	st := c.Status()
	if st.Mode != ModeManual || st.Schedule != "summer-heat" {
		t.Errorf("unexpected status %+v", st)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.SetMode(ModeAuto); err != ErrClosed {
		t.Errorf("SetMode after Close = %v, want ErrClosed", err)
	}
}
