package referee

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// fakeSource hands out one test-controlled feed per match.
type fakeSource struct {
	mu    sync.Mutex
	feeds map[string]chan Event
}

func (s *fakeSource) Subscribe(ctx context.Context, matchID string) (<-chan Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.feeds[matchID]
	if !ok {
		return nil, errors.New("no such server")
	}
	return ch, nil
}

type fakeControl struct {
	paused   chan string
	unpaused chan string
}

func (c *fakeControl) Pause(ctx context.Context, matchID, reason string) error {
	c.paused <- matchID + " " + reason
	return nil
}

func (c *fakeControl) Unpause(ctx context.Context, matchID string) error {
	c.unpaused <- matchID
	return nil
}

type recordingNotifier struct {
	mu         sync.Mutex
	violations []Violation
}

func (n *recordingNotifier) Notify(ctx context.Context, v Violation) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.violations = append(n.violations, v)
}

func TestForfeitAwardedWhilePaused(t *testing.T) {
	defer goleak.VerifyNone(t)

	const matchID = "grand-final-map2"
	feed := make(chan Event)
	src := &fakeSource{feeds: map[string]chan Event{matchID: feed}}
	ctl := &fakeControl{paused: make(chan string, 4), unpaused: make(chan string, 4)}
	notes := &recordingNotifier{}

	ref, err := New(Config{
		Rules:    []Rule{IntegrityRule{}, DisconnectRule{Allowed: 2}},
		Notifier: notes,
	}, src, ctl)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	roster := map[string]string{
		"zyph": "falcons", "kroa": "falcons",
		"mirel": "vortex", "tesh": "vortex",
	}
	if err := ref.StartMatch(context.Background(), matchID, roster, 12); err != nil {
		t.Fatalf("StartMatch: %v", err)
	}
	if err := ref.StartMatch(context.Background(), matchID, roster, 12); !errors.Is(err, ErrMatchExists) {
		t.Fatalf("second StartMatch: got %v, want %v", err, ErrMatchExists)
	}

	at := time.Date(2024, 5, 19, 18, 0, 0, 0, time.UTC)
	feed <- Event{MatchID: matchID, Kind: EventRoundStart, Round: 7, At: at}
	feed <- Event{MatchID: matchID, Kind: EventKill, Round: 7, PlayerID: "zyph", TeamID: "falcons", At: at.Add(20 * time.Second)}
	feed <- Event{MatchID: matchID, Kind: EventIntegrityReport, Round: 7, PlayerID: "tesh", TeamID: "vortex",
		At: at.Add(31 * time.Second), Attrs: map[string]string{"status": "tampered", "detail": "unsigned module in game process"}}
	// Play continues on the server until the pause lands; this event is
	// held by the referee while the incident is under review.
	feed <- Event{MatchID: matchID, Kind: EventChat, Round: 7, PlayerID: "kroa", TeamID: "falcons", At: at.Add(32 * time.Second)}

	if reason := <-ctl.paused; !strings.Contains(reason, "client-integrity") {
		t.Fatalf("paused with reason %q", reason)
	}
	incidents, err := ref.Incidents(matchID)
	if err != nil || len(incidents) != 1 || incidents[0].PlayerID != "tesh" {
		t.Fatalf("Incidents = %+v, %v", incidents, err)
	}

	// The officials review the report and award the map to falcons.
	if err := ref.EndMatch(matchID); err != nil {
		t.Fatalf("EndMatch: %v", err)
	}
	if err := ref.Resume(context.Background(), matchID); !errors.Is(err, ErrUnknownMatch) {
		t.Fatalf("Resume after forfeit: got %v, want %v", err, ErrUnknownMatch)
	}

	notes.mu.Lock()
	defer notes.mu.Unlock()
	if len(notes.violations) != 1 || notes.violations[0].Severity != SeverityCritical {
		t.Fatalf("officials notified of %+v", notes.violations)
	}
}
