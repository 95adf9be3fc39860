package spellingbee

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// stallingDictionary holds lookups of selected words until release is closed,
// simulating a lexicon service that is briefly unavailable.
type stallingDictionary struct {
	inner   Dictionary
	stall   map[string]bool
	release chan struct{}
	started chan string
}

func (d *stallingDictionary) Lookup(ctx context.Context, word string) (Entry, error) {
	if d.stall[strings.ToLower(word)] {
		d.started <- word
		<-d.release
	}
	return d.inner.Lookup(ctx, word)
}

func TestContestSurvivesSlowDictionary(t *testing.T) {
	defer goleak.VerifyNone(t)

	dict := &stallingDictionary{
		inner: NewMapDictionary(
			Entry{Headword: "rhythm", PartOfSpeech: "noun"},
			Entry{Headword: "onomatopoeia", Variants: []string{"onomatopeia"}, PartOfSpeech: "noun"},
			Entry{Headword: "gauge", Variants: []string{"gage"}, PartOfSpeech: "noun"},
		),
		stall:   map[string]bool{"onomatopoeia": true},
		release: make(chan struct{}),
		started: make(chan string, 4),
	}
	judge := NewJudge(dict, WithLookupTimeout(150*time.Millisecond))
	contest := NewContest(judge, NewSliceWords("rhythm", "onomatopoeia", "gauge"), "alice", "bob")
	ctx := context.Background()

	r, err := contest.Spell(ctx, "alice", "rhythm")
	if err != nil || r.Verdict != Correct {
		t.Fatalf("alice: got %v, %v; want correct", r.Verdict, err)
	}

	r, err = contest.Spell(ctx, "bob", "onomatopoeia")
	if err != nil {
		t.Fatalf("bob: %v", err)
	}
	if r.Verdict != Unverified || !errors.Is(r.Err, ErrLookupTimeout) {
		t.Fatalf("bob: got %v (%v); want unverified after timeout", r.Verdict, r.Err)
	}
	<-dict.started

	// The lexicon service recovers; the stalled lookup completes.
	close(dict.release)

	who, word, err := contest.Up()
	if err != nil || who != "bob" || word != "onomatopoeia" {
		t.Fatalf("Up() = %q, %q, %v; want bob to be re-asked onomatopoeia", who, word, err)
	}
	r, err = contest.Spell(ctx, "bob", "onomatopeia")
	if err != nil || r.Verdict != Correct {
		t.Fatalf("bob retry: got %v, %v; want correct", r.Verdict, err)
	}

	r, err = contest.Spell(ctx, "alice", "guage")
	if err != nil || r.Verdict != Incorrect {
		t.Fatalf("alice: got %v, %v; want incorrect", r.Verdict, err)
	}
	if w, ok := contest.Winner(); !ok || w != "bob" {
		t.Fatalf("Winner() = %q, %v; want bob", w, ok)
	}
	if got := len(contest.History()); got != 4 {
		t.Fatalf("history has %d rulings, want 4", got)
	}
}
