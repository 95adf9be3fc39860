package drill

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type cardReaders struct {
	scanDelay time.Duration
	absent    map[string]bool
}

func (c *cardReaders) WaitCheckIn(ctx context.Context, boat, crewID string) (time.Time, error) {
	select {
	case <-time.After(c.scanDelay):
	case <-ctx.Done():
		return time.Time{}, ctx.Err()
	}
	if c.absent[crewID] {
		return time.Time{}, ErrNotSeen
	}
	return time.Now(), nil
}

type officers struct {
	delay   map[string]time.Duration
	hazards map[string]string
}

func (o *officers) Inspect(ctx context.Context, boat string) (BoatStatus, error) {
	select {
	case <-time.After(o.delay[boat]):
	case <-ctx.Done():
		return BoatStatus{}, ctx.Err()
	}
	if h, ok := o.hazards[boat]; ok {
		return BoatStatus{}, &HazardError{Boat: boat, Detail: h}
	}
	return BoatStatus{EngineStarted: true, DavitChecked: true}, nil
}

type tannoy struct {
	mu   sync.Mutex
	said []string
}

func (p *tannoy) Announce(ctx context.Context, msg string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.said = append(p.said, msg)
	return nil
}

func station(boat string, side string, crew ...string) Station {
	st := Station{Boat: boat, Deck: 5, Side: side, Capacity: 6}
	for i, id := range crew {
		role := Crew
		if i == 0 {
			role = Coxswain
		}
		st.Crew = append(st.Crew, CrewMember{ID: id, Name: "crew " + id, Role: role})
	}
	return st
}

func TestWeeklyDrillSuspendedOnHazard(t *testing.T) {
	defer goleak.VerifyNone(t)

	roster := Roster{
		Vessel: "MV Skerry Lass",
		Stations: []Station{
			station("LB1", "port", "c101", "c102", "c103"),
			station("LB2", "starboard", "c201", "c202", "c203"),
			station("LB3", "port", "c301", "c302"),
			station("LB4", "starboard", "c401", "c402"),
			station("RB1", "starboard", "c501", "c502"),
		},
	}
	readers := &cardReaders{scanDelay: time.Millisecond, absent: map[string]bool{"c202": true}}
	insp := &officers{
		delay:   map[string]time.Duration{"LB1": time.Millisecond, "LB2": 20 * time.Millisecond, "LB3": 5 * time.Millisecond, "LB4": 5 * time.Millisecond, "RB1": 5 * time.Millisecond},
		hazards: map[string]string{"LB1": "on-load release hook fails to reset"},
	}
	pa := &tannoy{}

	d, err := New(Config{Officers: 2, MusterDeadline: time.Minute, TimeLimit: 2 * time.Second}, roster, readers, insp, pa)
	if err != nil {
		t.Fatal(err)
	}

	rep, err := d.Run(context.Background())
	if !errors.Is(err, ErrDrillHalted) {
		t.Fatalf("run: got %v, want ErrDrillHalted", err)
	}
	if !rep.Halted || rep.TimedOut {
		t.Errorf("report flags: halted=%v timedOut=%v", rep.Halted, rep.TimedOut)
	}
	var lb1 *StationResult
	for i := range rep.Stations {
		if rep.Stations[i].Boat == "LB1" {
			lb1 = &rep.Stations[i]
		}
	}
	if lb1 == nil || lb1.Hazard == nil || len(lb1.Present) != 3 {
		t.Fatalf("LB1 result: %+v", lb1)
	}

	pa.mu.Lock()
	defer pa.mu.Unlock()
	if len(pa.said) != 2 || !strings.Contains(pa.said[1], "Drill suspended") || !strings.Contains(pa.said[1], "LB1") {
		t.Errorf("announcements: %q", pa.said)
	}
}

func TestRosterRejectsDoubleAssignment(t *testing.T) {
	r := Roster{Vessel: "MV Skerry Lass", Stations: []Station{
		station("LB1", "port", "c101", "c102"),
		station("LB2", "starboard", "c201", "c102"),
	}}
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), "assigned to LB1 and LB2") {
		t.Fatalf("validate: %v", err)
	}
}
