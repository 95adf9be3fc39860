package referee

import "fmt"

// MatchState is what rules may inspect about a match in progress. It is
// only touched from the match's own officiating goroutine.
type MatchState struct {
	MatchID     string
	Round       int
	Roster      map[string]string // player -> team
	Disconnects map[string]int    // player -> disconnects in the current half
	HalfLength  int               // rounds per half
}

func (s *MatchState) apply(ev Event) {
	switch ev.Kind {
	case EventRoundStart:
		s.Round = ev.Round
		if s.HalfLength > 0 && ev.Round == s.HalfLength+1 {
			s.Disconnects = make(map[string]int)
		}
	case EventDisconnect:
		s.Disconnects[ev.PlayerID]++
	}
}

// Rule checks an event against the match state.
type Rule interface {
	Name() string
	Check(s *MatchState, ev Event) (Violation, bool)
}

// IntegrityRule flags players whose anti-cheat client reports tampering.
type IntegrityRule struct{}

// Name implements Rule.
func (IntegrityRule) Name() string { return "client-integrity" }

// Check implements Rule.
func (IntegrityRule) Check(s *MatchState, ev Event) (Violation, bool) {
	if ev.Kind != EventIntegrityReport || ev.Attrs["status"] == "ok" {
		return Violation{}, false
	}
	return Violation{
		Severity: SeverityCritical,
		PlayerID: ev.PlayerID,
		Detail:   fmt.Sprintf("anti-cheat status %q: %s", ev.Attrs["status"], ev.Attrs["detail"]),
	}, true
}

// DisconnectRule pauses for a technical timeout once a player has dropped
// more than Allowed times in a half.
type DisconnectRule struct {
	Allowed int
}

// Name implements Rule.
func (DisconnectRule) Name() string { return "disconnects" }

// Check implements Rule.
func (r DisconnectRule) Check(s *MatchState, ev Event) (Violation, bool) {
	if ev.Kind != EventDisconnect || s.Disconnects[ev.PlayerID] <= r.Allowed {
		return Violation{}, false
	}
	return Violation{
		Severity: SeverityMajor,
		PlayerID: ev.PlayerID,
		TeamID:   ev.TeamID,
		Detail:   fmt.Sprintf("%d disconnects this half", s.Disconnects[ev.PlayerID]),
	}, true
}
