package dispatch

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// slowWeather answers for sites in hold only once release is closed.
type slowWeather struct {
	winds    map[string]Wind
	hold     map[string]bool
	release  chan struct{}
	answered chan string
}

func (w *slowWeather) WindAt(site string) (Wind, error) {
	if w.hold[site] {
		<-w.release
	}
	defer func() { w.answered <- site }()
	return w.winds[site], nil
}

func TestAssignGivesUpOnSlowWeather(t *testing.T) {
	defer goleak.VerifyNone(t)

	weather := &slowWeather{
		winds: map[string]Wind{
			"meadow-east": {SpeedKnots: 4, GustKnots: 6, FromDeg: 220},
			"ridge-north": {SpeedKnots: 5, GustKnots: 7, FromDeg: 300},
		},
		hold:     map[string]bool{"ridge-north": true},
		release:  make(chan struct{}),
		answered: make(chan string, 4),
	}
	roster := NewRoster(
		[]Pilot{
			{Name: "Ines", MaxEnvelope: 6000, Sites: []string{"meadow-east", "ridge-north"}},
			{Name: "Tom", MaxEnvelope: 3000, Sites: []string{"meadow-east"}},
		},
		[]Envelope{
			{Tail: "G-BALL", Volume: 5500, Passengers: 8},
			{Tail: "G-HOTA", Volume: 2800, Passengers: 3},
		},
	)
	disp := NewDispatcher(roster, weather, WithWeatherTimeout(100*time.Millisecond))

	launch := time.Date(2024, 9, 14, 6, 30, 0, 0, time.UTC)
	ctx := context.Background()

	a, err := disp.Assign(ctx, Flight{ID: "F1", Site: "meadow-east", Launch: launch, Party: 2})
	if err != nil {
		t.Fatalf("Assign F1: %v", err)
	}
	if a.Pilot != "Tom" || a.Envelope != "G-HOTA" {
		t.Errorf("F1 assigned to %s/%s, want Tom/G-HOTA", a.Pilot, a.Envelope)
	}
	<-weather.answered

	_, err = disp.Assign(ctx, Flight{ID: "F2", Site: "ridge-north", Launch: launch, Party: 6})
	if !errors.Is(err, ErrWeatherUnavailable) {
		t.Fatalf("Assign F2: got %v, want ErrWeatherUnavailable", err)
	}

	// The weather service answers late; the dispatcher has moved on.
	close(weather.release)
	select {
	case site := <-weather.answered:
		if site != "ridge-north" {
			t.Errorf("late answer for %s", site)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("weather source never answered")
	}

	if !disp.Cancel("F1") {
		t.Error("Cancel F1: not assigned")
	}
}
