// Package dispatch assigns hot-air balloon flights to pilots and
// envelopes, checking launch-site wind before committing a crew.
package dispatch

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Pilot is a licensed balloon pilot on the roster.
type Pilot struct {
	Name string
	// MaxEnvelope is the largest envelope, in cubic metres, the pilot
	// is rated for.
	MaxEnvelope int
	// Sites lists the launch sites the pilot has been checked out on.
	Sites []string
}

func (p Pilot) flies(site string) bool {
	for _, s := range p.Sites {
		if strings.EqualFold(s, site) {
			return true
		}
	}
	return false
}

// Envelope is a balloon envelope and basket combination.
type Envelope struct {
	Tail       string
	Volume     int
	Passengers int
}

// ErrNoCrew is returned when no pilot and envelope can take a flight.
var ErrNoCrew = errors.New("dispatch: no crew available")

// Roster tracks which pilots and envelopes are free for each morning.
type Roster struct {
	mu        sync.Mutex
	pilots    []Pilot
	envelopes []Envelope
	booked    map[string]bool // "date|pilot" and "date|tail"
}

// NewRoster returns a roster with the given pilots and envelopes.
// Envelopes and pilots are offered smallest rating first so large
// balloons and senior pilots stay free for large groups.
func NewRoster(pilots []Pilot, envelopes []Envelope) *Roster {
	env := append([]Envelope(nil), envelopes...)
	sort.Slice(env, func(i, j int) bool { return env[i].Volume < env[j].Volume })
	crew := append([]Pilot(nil), pilots...)
	sort.SliceStable(crew, func(i, j int) bool { return crew[i].MaxEnvelope < crew[j].MaxEnvelope })
	return &Roster{
		pilots:    crew,
		envelopes: env,
		booked:    make(map[string]bool),
	}
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02") }

// reserve books the first pilot and envelope that can carry the party
// from site on the given morning.
func (r *Roster) reserve(site string, when time.Time, party int) (Pilot, Envelope, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := day(when)
	for _, e := range r.envelopes {
		if e.Passengers < party || r.booked[d+"|"+e.Tail] {
			continue
		}
		for _, p := range r.pilots {
			if p.MaxEnvelope < e.Volume || !p.flies(site) || r.booked[d+"|"+p.Name] {
				continue
			}
			r.booked[d+"|"+e.Tail] = true
			r.booked[d+"|"+p.Name] = true
			return p, e, nil
		}
	}
	return Pilot{}, Envelope{}, fmt.Errorf("%w: %d passengers from %s on %s", ErrNoCrew, party, site, d)
}

// release frees a pilot and envelope booked by reserve.
func (r *Roster) release(p Pilot, e Envelope, when time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	d := day(when)
	delete(r.booked, d+"|"+p.Name)
	delete(r.booked, d+"|"+e.Tail)
}
