package placement

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type bands map[string]float64

func (b bands) EssayBand(ctx context.Context, id, essay string) (float64, error) {
	band, ok := b[id]
	if !ok {
		return 0, errors.New("no marker available")
	}
	return band, nil
}

var essay = strings.Repeat("I would like to study here because ", 10)

func TestCloseAfterRejectedCandidate(t *testing.T) {
	defer goleak.VerifyNone(t)

	roster := NewMemRoster(
		Class{ID: "GEN-A2-am", Programme: General, Level: A2, Capacity: 12},
		Class{ID: "EXM-B2-pm", Programme: Exam, Level: B2, Capacity: 10},
		Class{ID: "EXM-B2-eve", Programme: Exam, Level: B2, Capacity: 10},
	)
	p := New(bands{"c-101": 6.5, "c-102": 3}, roster, WithWorkers(2))

	cands := []Candidate{
		{ID: "c-101", Name: "Yuki Tanaka", Programme: Exam, GrammarCorrect: 41, ListeningCorrect: 20, Essay: essay},
		{ID: "c-102", Name: "Marta Silva", Programme: Exam, GrammarCorrect: 18, ListeningCorrect: 9, Essay: essay},
		{ID: "c-103", Name: "Omar Haddad", Programme: General, GrammarCorrect: 30, ListeningCorrect: 18, Essay: "Hello."},
	}
	ctx := context.Background()
	var replies []<-chan Outcome
	for _, c := range cands {
		r, err := p.Submit(ctx, c)
		if err != nil {
			t.Fatalf("Submit(%s): %v", c.ID, err)
		}
		replies = append(replies, r)
	}
	got := make(map[string]Outcome)
	for _, r := range replies {
		o := <-r
		got[o.CandidateID] = o
	}

	if o := got["c-101"]; o.Err != nil || o.Level != B2 || o.ClassID != "EXM-B2-pm" {
		t.Errorf("c-101: %+v", o)
	}
	if o := got["c-102"]; o.Err != nil || o.Level != A2 || o.Programme != General || o.ClassID != "GEN-A2-am" {
		t.Errorf("c-102: %+v", o)
	}
	if o := got["c-103"]; !errors.Is(o.Err, ErrIncomplete) {
		t.Errorf("c-103: err = %v, want ErrIncomplete", o.Err)
	}

	closeCtx, cancel := context.WithTimeout(ctx, 250*time.Millisecond)
	defer cancel()
	if err := p.Close(closeCtx); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := p.Submit(ctx, cands[0]); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Close: err = %v, want ErrClosed", err)
	}
}
