package dispatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Wind is the surface wind observed or forecast at a launch site.
type Wind struct {
	SpeedKnots float64
	GustKnots  float64
	FromDeg    int
}

// WeatherSource reports the wind at a launch site. Implementations may
// be slow; the dispatcher bounds how long it waits.
type WeatherSource interface {
	WindAt(site string) (Wind, error)
}

// Flight is a request to fly a party from a launch site.
type Flight struct {
	ID     string
	Site   string
	Launch time.Time
	Party  int
}

// Assignment is a flight committed to a crew.
type Assignment struct {
	Flight   Flight
	Pilot    string
	Envelope string
	Wind     Wind
}

// Errors returned by Assign.
var (
	ErrWeatherUnavailable = errors.New("dispatch: weather unavailable")
	ErrWindLimits         = errors.New("dispatch: wind outside limits")
)

// Option configures a Dispatcher.
type Option func(*Dispatcher)

// WithWeatherTimeout bounds how long Assign waits for the weather source.
func WithWeatherTimeout(d time.Duration) Option {
	return func(disp *Dispatcher) { disp.weatherTimeout = d }
}

// WithWindLimits sets the highest sustained wind and gust a flight may
// launch in.
func WithWindLimits(sustained, gust float64) Option {
	return func(disp *Dispatcher) {
		disp.maxWind = sustained
		disp.maxGust = gust
	}
}

// Dispatcher assigns flights to crews from a roster.
type Dispatcher struct {
	roster         *Roster
	weather        WeatherSource
	weatherTimeout time.Duration
	maxWind        float64
	maxGust        float64

	mu       sync.Mutex
	assigned map[string]Assignment
}

// NewDispatcher returns a Dispatcher drawing crews from roster.
func NewDispatcher(roster *Roster, weather WeatherSource, opts ...Option) *Dispatcher {
	d := &Dispatcher{
		roster:         roster,
		weather:        weather,
		weatherTimeout: 5 * time.Second,
		maxWind:        8,
		maxGust:        12,
		assigned:       make(map[string]Assignment),
	}
	for _, opt := range opts {
		opt(d)
	}
	return d
}

// Assign checks the wind at the flight's site and, if it is within
// limits, books a pilot and envelope for the flight. Assigning a flight
// that is already assigned returns the existing assignment.
func (d *Dispatcher) Assign(ctx context.Context, f Flight) (Assignment, error) {
	d.mu.Lock()
	if a, ok := d.assigned[f.ID]; ok {
		d.mu.Unlock()
		return a, nil
	}
	d.mu.Unlock()

	wind, err := d.windAt(ctx, f.Site)
	if err != nil {
		return Assignment{}, fmt.Errorf("flight %s: %w", f.ID, err)
	}
	if wind.SpeedKnots > d.maxWind || wind.GustKnots > d.maxGust {
		return Assignment{}, fmt.Errorf("flight %s: %w: %.0f kt gusting %.0f kt",
			f.ID, ErrWindLimits, wind.SpeedKnots, wind.GustKnots)
	}

	pilot, env, err := d.roster.reserve(f.Site, f.Launch, f.Party)
	if err != nil {
		return Assignment{}, fmt.Errorf("flight %s: %w", f.ID, err)
	}
	a := Assignment{Flight: f, Pilot: pilot.Name, Envelope: env.Tail, Wind: wind}

	d.mu.Lock()
	defer d.mu.Unlock()
	if prev, ok := d.assigned[f.ID]; ok {
		d.roster.release(pilot, env, f.Launch)
		return prev, nil
	}
	d.assigned[f.ID] = a
	return a, nil
}

// Cancel releases the crew of an assigned flight.
func (d *Dispatcher) Cancel(flightID string) bool {
	d.mu.Lock()
	a, ok := d.assigned[flightID]
	delete(d.assigned, flightID)
	d.mu.Unlock()
	if ok {
		d.roster.release(Pilot{Name: a.Pilot}, Envelope{Tail: a.Envelope}, a.Flight.Launch)
	}
	return ok
}

type windResult struct {
	wind Wind
	err  error
}

// windAt asks the weather source for the wind at site, giving up after
// the configured timeout or when ctx ends.
func (d *Dispatcher) windAt(ctx context.Context, site string) (Wind, error) {
	ch := make(chan windResult, 1)
	go func() {
		w, err := d.weather.WindAt(site)
		ch <- windResult{wind: w, err: err}
	}()

	timer := time.NewTimer(d.weatherTimeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if r.err != nil {
			return Wind{}, fmt.Errorf("%w: %v", ErrWeatherUnavailable, r.err)
		}
		return r.wind, nil
	case <-timer.C:
		return Wind{}, fmt.Errorf("%w: no answer for %s after %v", ErrWeatherUnavailable, site, d.weatherTimeout)
	case <-ctx.Done():
		return Wind{}, ctx.Err()
	}
}
