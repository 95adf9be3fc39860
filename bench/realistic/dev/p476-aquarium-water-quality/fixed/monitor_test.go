package waterquality

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type probeRig struct {
	mu    sync.Mutex
	count map[string]int
	reads chan string
}

func (p *probeRig) Read(_ context.Context, tank string) (Sample, error) {
	p.mu.Lock()
	n := p.count[tank]
	p.count[tank]++
	p.mu.Unlock()

	s := Sample{TempC: 25.5, PH: 8.2, AmmoniaPPM: 0.02, NitritePPM: 0.01, NitratePPM: 5 + 0.1*float64(n)}
	if tank == "reef-1" && n >= 3 {
		s.AmmoniaPPM = 0.6
	}
	if tank == "quarantine" {
		s.TempC, s.PH = 26, 8.0
	}
	select {
	case p.reads <- tank:
	default:
	}
	return s, nil
}

// waitFor drains earlier reads and waits, at most d, for tank to be read
// again.
func (p *probeRig) waitFor(tank string, d time.Duration) {
	for len(p.reads) > 0 {
		<-p.reads
	}
	deadline := time.After(d)
	for {
		select {
		case got := <-p.reads:
			if got == tank {
				return
			}
		case <-deadline:
			return
		}
	}
}

type pager struct{ alerts chan Alert }

func (p *pager) Alert(_ context.Context, a Alert) error {
	select {
	case p.alerts <- a:
	default:
	}
	return nil
}

var reefLimits = Limits{TempMin: 24, TempMax: 27, PHMin: 8.0, PHMax: 8.4, AmmoniaMax: 0.25, NitriteMax: 0.2, NitrateMax: 20}

func TestAmmoniaSpikeThenWaterChange(t *testing.T) {
	defer goleak.VerifyNone(t)

	probe := &probeRig{count: make(map[string]int), reads: make(chan string, 64)}
	page := &pager{alerts: make(chan Alert, 16)}
	m, err := New(Config{
		Tanks: []TankConfig{
			{ID: "reef-1", Limits: reefLimits, Window: 10},
			{ID: "quarantine", Limits: reefLimits, Window: 10},
		},
		Interval:  2 * time.Millisecond,
		StopGrace: 200 * time.Millisecond,
		Logger:    log.New(os.Stderr, "", 0),
	}, probe, page)
	if err != nil {
		t.Fatal(err)
	}

	select {
	case a := <-page.alerts:
		if a.Tank != "reef-1" || a.Parameter != "ammonia" || a.Cleared {
			t.Fatalf("unexpected alert %v", a)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no ammonia alert for reef-1")
	}

	st, err := m.Status("reef-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Breaches) != 1 || st.Breaches[0] != "ammonia" || st.Samples < 4 {
		t.Errorf("reef-1 status before water change = %+v", st)
	}

	if err := m.SetMaintenance("reef-1", true, "30% water change"); err != nil {
		t.Fatal(err)
	}
	st, err = m.Status("reef-1")
	if err != nil || !st.Maintenance || st.MaintenanceReason != "30% water change" {
		t.Errorf("reef-1 status during maintenance = %+v, %v", st, err)
	}
	qs, err := m.Status("quarantine")
	if err != nil || len(qs.Breaches) != 0 || qs.MeanTempC != 26 {
		t.Errorf("quarantine status = %+v, %v", qs, err)
	}

	probe.waitFor("reef-1", 100*time.Millisecond)
	m.Close()

	select {
	case a := <-page.alerts:
		t.Errorf("alert during maintenance: %v", a)
	default:
	}
}
