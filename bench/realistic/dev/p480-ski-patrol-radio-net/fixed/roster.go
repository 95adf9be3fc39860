package radionet

import (
	"sort"
	"strings"
	"time"
)

// Status is what net control believes a patroller is doing.
type Status int

const (
	StatusUnknown Status = iota
	StatusInService
	StatusResponding
	StatusOnScene
	StatusOutOfService
)

func (s Status) String() string {
	switch s {
	case StatusInService:
		return "in service"
	case StatusResponding:
		return "responding"
	case StatusOnScene:
		return "on scene"
	case StatusOutOfService:
		return "out of service"
	default:
		return "unknown"
	}
}

// Patroller is net control's view of one radio.
type Patroller struct {
	Callsign  string
	Talkgroup string
	Status    Status
	LastSite  string
	LastHeard time.Time
	LastText  string
}

type roster struct {
	patrollers map[string]*Patroller
}

func newRoster() *roster {
	return &roster{patrollers: make(map[string]*Patroller)}
}

var statusPhrases = []struct {
	phrase string
	status Status
}{
	{"out of service", StatusOutOfService},
	{"in service", StatusInService},
	{"on scene", StatusOnScene},
	{"en route", StatusResponding},
	{"responding", StatusResponding},
	{"clear", StatusInService},
}

func parseStatus(text string) (Status, bool) {
	t := strings.ToLower(text)
	for _, p := range statusPhrases {
		if strings.HasPrefix(t, p.phrase) || strings.Contains(t, ", "+p.phrase) {
			return p.status, true
		}
	}
	return StatusUnknown, false
}

func (r *roster) heardLocked(tx Transmission) {
	p, ok := r.patrollers[tx.Callsign]
	if !ok {
		p = &Patroller{Callsign: tx.Callsign, Status: StatusInService}
		r.patrollers[tx.Callsign] = p
	}
	p.Talkgroup = tx.Talkgroup
	p.LastSite = tx.Site
	p.LastHeard = tx.At
	p.LastText = tx.Text
	if s, ok := parseStatus(tx.Text); ok {
		p.Status = s
	}
}

func (r *roster) reassignLocked(from, into string) int {
	moved := 0
	for _, p := range r.patrollers {
		if p.Talkgroup == from {
			p.Talkgroup = into
			moved++
		}
	}
	return moved
}

func (r *roster) onLocked(talkgroup string) []string {
	var out []string
	for cs, p := range r.patrollers {
		if p.Talkgroup == talkgroup {
			out = append(out, cs)
		}
	}
	sort.Strings(out)
	return out
}
