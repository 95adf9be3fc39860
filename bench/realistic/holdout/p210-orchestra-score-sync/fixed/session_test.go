package scoresync

import (
	"context"
	"io"
	"log"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type podium struct {
	cues chan Cue
}

func (p *podium) Next(ctx context.Context) (Cue, error) {
	select {
	case c, ok := <-p.cues:
		if !ok {
			return Cue{}, io.EOF
		}
		return c, nil
	case <-ctx.Done():
		return Cue{}, ctx.Err()
	}
}

type tablet struct {
	mu    sync.Mutex
	pages []int
}

func (t *tablet) ShowPage(part string, page int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.pages = append(t.pages, page)
	return nil
}

func (t *tablet) Dim() error { return nil }

func (t *tablet) current() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.pages) == 0 {
		return 0
	}
	return t.pages[len(t.pages)-1]
}

func fifthSymphony() *Score {
	return &Score{
		Title: "Symphony No. 5",
		Movements: []Movement{
			{Number: 1, Title: "Allegro con brio", Bars: 40, BeatsPerBar: 4},
			{Number: 2, Title: "Andante con moto", Bars: 24, BeatsPerBar: 3},
		},
		Parts: map[string]*Part{
			"violin1": {Name: "violin1", Turns: []Turn{{1, 13}, {1, 29}, {2, 1}, {2, 17}}},
			"cello":   {Name: "cello", Turns: []Turn{{1, 21}, {2, 9}}},
			"oboe":    {Name: "oboe", Turns: []Turn{{1, 33}, {2, 13}}},
		},
	}
}

func TestSessionFollowsConductorToTheEnd(t *testing.T) {
	defer goleak.VerifyNone(t)

	score := fifthSymphony()
	src := &podium{cues: make(chan Cue)}
	s, err := NewSession(Config{
		Score:     score,
		Source:    src,
		LeadBeats: 2,
		Logger:    log.New(io.Discard, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]int{"violin1": 5, "cello": 3, "oboe": 3}
	tablets := map[string]*tablet{}
	for part := range want {
		tablets[part] = &tablet{}
		if err := s.Attach(part, tablets[part]); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s.Start(ctx)

	start := time.Now()
	for _, m := range score.Movements {
		for bar := 1; bar <= m.Bars; bar++ {
			for beat := 1; beat <= m.BeatsPerBar; beat++ {
				src.cues <- Cue{Position: Position{m.Number, bar, beat}, Tempo: 108, At: start}
			}
		}
	}
	src.cues <- Cue{Position: Position{2, 99, 1}, Tempo: 108}

	deadline := time.Now().Add(2 * time.Second)
	for part, page := range want {
		for tablets[part].current() != page {
			if time.Now().After(deadline) {
				t.Fatalf("%s shows page %d, want %d", part, tablets[part].current(), page)
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(src.cues)

	select {
	case <-s.Done():
	case <-time.After(time.Second):
		t.Fatal("session did not finish after the last cue")
	}
	if err := s.Err(); err != nil {
		t.Fatalf("session error: %v", err)
	}
	if cue, ok := s.Current(); !ok || cue.Position != (Position{2, 24, 3}) {
		t.Fatalf("last cue = %v, %v", cue.Position, ok)
	}
}
