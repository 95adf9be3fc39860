package judging

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type recordingScreen struct {
	mu      sync.Mutex
	updates [][]Standing
}

func (s *recordingScreen) Show(_ context.Context, st []Standing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.updates = append(s.updates, st)
	return nil
}

func marks(i, e, d, m int) map[Criterion]int {
	return map[Criterion]int{Innovation: i, Execution: e, Design: d, Impact: m}
}

func TestBoardBeforeAndAfterFirstBallot(t *testing.T) {
	defer goleak.VerifyNone(t)

	screen := &recordingScreen{}
	b := NewBoard(DefaultRubric(), screen,
		WithConflicts(map[string][]string{"ada": {"rustaceans"}}))
	defer b.Close()

	// The hall screen polls before judging opens.
	if _, err := b.Standings(); !errors.Is(err, ErrNoBallots) {
		t.Fatalf("Standings on empty board = %v, want ErrNoBallots", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()

	if err := b.Submit(ctx, Ballot{Judge: "ada", Team: "rustaceans", Marks: marks(9, 9, 9, 9)}); !errors.Is(err, ErrRecused) {
		t.Errorf("conflicted ballot: got %v, want ErrRecused", err)
	}
	var be *BallotError
	if err := b.Submit(ctx, Ballot{Judge: "grace", Team: "gophers", Marks: marks(7, 11, 6, 8)}); !errors.As(err, &be) {
		t.Errorf("out-of-range ballot: got %v, want BallotError", err)
	}
	if err := b.Submit(ctx, Ballot{Judge: "grace", Team: "gophers", Marks: marks(7, 8, 6, 8)}); err != nil {
		t.Fatalf("Submit: %v", err)
	}
}
