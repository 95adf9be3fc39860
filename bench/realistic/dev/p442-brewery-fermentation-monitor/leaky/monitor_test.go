package fermentation

import (
	"context"
	"log"
	"os"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scriptedProbe struct {
	mu     sync.Mutex
	script []Reading
	next   int
	clock  time.Time
}

func (p *scriptedProbe) Sample(ctx context.Context) (Reading, error) {
	if err := ctx.Err(); err != nil {
		return Reading{}, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.script[len(p.script)-1]
	if p.next < len(p.script) {
		r = p.script[p.next]
		p.next++
	}
	p.clock = p.clock.Add(15 * time.Minute)
	r.At = p.clock
	return r, nil
}

func TestMonitorReportsTemperatureExcursionAndFinish(t *testing.T) {
	defer goleak.VerifyNone(t)

	probe := &scriptedProbe{
		clock: time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC),
		script: []Reading{
			{TempC: 18.9, Gravity: 1.052},
			{TempC: 19.2, Gravity: 1.047},
			{TempC: 20.4, Gravity: 1.038},
			{TempC: 23.1, Gravity: 1.029},
			{TempC: 21.0, Gravity: 1.020},
			{TempC: 19.6, Gravity: 1.014},
			{TempC: 19.4, Gravity: 1.012},
			{TempC: 19.3, Gravity: 1.011},
			{TempC: 19.3, Gravity: 1.011},
		},
	}

	mon, err := NewMonitor(probe, Config{
		Tank:         "FV-3 hazy IPA",
		PollInterval: 2 * time.Millisecond,
		HistorySize:  64,
		Logger:       log.New(os.Stderr, "fermenter: ", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	alerts := make(chan Alert, 16)
	report := func(a Alert) {
		select {
		case alerts <- a:
		default:
		}
	}
	mon.Watch(TempBand{MinC: 17, MaxC: 22}, report)
	mon.Watch(Finished{Target: 1.012, Samples: 3}, report)

	if err := mon.Start(context.Background()); err != nil {
		t.Fatal(err)
	}

	got := map[string]Alert{}
	timeout := time.After(2 * time.Second)
	for len(got) < 2 {
		select {
		case a := <-alerts:
			got[a.Rule] = a
		case <-timeout:
			t.Fatalf("timed out waiting for alerts, got %v", got)
		}
	}

	if err := mon.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	if a := got["temp-band"]; a.Reading.TempC != 23.1 {
		t.Errorf("temp-band alert on %v, want the 23.1°C reading", a.Reading)
	}
	fin := got["finished"]
	if fin.Reading.Gravity > 1.012 {
		t.Errorf("finished alert at SG %.3f", fin.Reading.Gravity)
	}
	if abv := fin.Reading.ABV(1.052); abv < 5 || abv > 5.5 {
		t.Errorf("ABV = %.2f", abv)
	}
	if last, ok := mon.Latest(); !ok || last.Gravity != 1.011 {
		t.Errorf("latest = %v, %v", last, ok)
	}
}
