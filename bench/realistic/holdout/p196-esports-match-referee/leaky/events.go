// Package referee watches the event stream of tournament game servers,
// applies the competition rulebook and pauses a match when a rule is broken
// so that an official can review the incident.
package referee

import (
	"context"
	"time"
)

// EventKind is the type of a game server event.
type EventKind string

// Event kinds emitted by the game servers.
const (
	EventRoundStart      EventKind = "round_start"
	EventRoundEnd        EventKind = "round_end"
	EventKill            EventKind = "kill"
	EventDisconnect      EventKind = "disconnect"
	EventReconnect       EventKind = "reconnect"
	EventIntegrityReport EventKind = "integrity_report"
	EventChat            EventKind = "chat"
)

// Event is one entry of a match's event stream.
type Event struct {
	MatchID  string
	Kind     EventKind
	Round    int
	PlayerID string
	TeamID   string
	At       time.Time
	Attrs    map[string]string
}

// Severity ranks violations.
type Severity int

// Severities, from least to most serious.
const (
	SeverityInfo Severity = iota
	SeverityWarning
	SeverityMajor
	SeverityCritical
)

// Violation is a rule infraction detected in the event stream.
type Violation struct {
	MatchID  string
	Rule     string
	Severity Severity
	PlayerID string
	TeamID   string
	Round    int
	Detail   string
	At       time.Time
}

// EventSource delivers the live event stream of a match. The returned
// channel is closed when the server ends the stream or ctx is cancelled.
type EventSource interface {
	Subscribe(ctx context.Context, matchID string) (<-chan Event, error)
}

// ServerControl drives the game server of a match.
type ServerControl interface {
	Pause(ctx context.Context, matchID, reason string) error
	Unpause(ctx context.Context, matchID string) error
}

// Notifier alerts tournament officials.
type Notifier interface {
	Notify(ctx context.Context, v Violation)
}
