package audioguide

import (
	"context"
	"fmt"
	"io"
	"log"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeStore struct {
	mu     sync.Mutex
	frames map[string]map[string]int // exhibit -> lang -> frame count
	opened int
}

func (s *fakeStore) Open(ctx context.Context, exhibitID, lang string) (Track, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.frames[exhibitID][lang]
	if !ok {
		return nil, fmt.Errorf("%s/%s: %w", exhibitID, lang, ErrNoNarration)
	}
	s.opened++
	return &fakeTrack{name: exhibitID + "/" + lang, frames: n}, nil
}

type fakeTrack struct {
	name   string
	frames int
	next   int
}

func (t *fakeTrack) Next(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if t.next >= t.frames {
		return nil, io.EOF
	}
	t.next++
	return []byte(fmt.Sprintf("%s:%04d", t.name, t.next)), nil
}

func (t *fakeTrack) Close() error { return nil }

// fakeHandset plays chunks instantly and presses buttons scripted per exhibit
// once a given number of chunks of that exhibit has been heard.
type fakeHandset struct {
	id      string
	buttons chan Button
	script  map[string]map[int][]Button

	mu    sync.Mutex
	heard map[string]int
}

func newFakeHandset(id string, script map[string]map[int][]Button) *fakeHandset {
	return &fakeHandset{
		id:      id,
		buttons: make(chan Button, 8),
		script:  script,
		heard:   make(map[string]int),
	}
}

func (h *fakeHandset) ID() string             { return h.id }
func (h *fakeHandset) Buttons() <-chan Button { return h.buttons }

func (h *fakeHandset) Play(ctx context.Context, c Chunk) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.heard[c.ExhibitID]++
	for _, b := range h.script[c.ExhibitID][h.heard[c.ExhibitID]] {
		h.buttons <- b
	}
	return nil
}

func TestVisitorSkipsAheadDuringTour(t *testing.T) {
	defer goleak.VerifyNone(t)

	store := &fakeStore{frames: map[string]map[string]int{
		"hall-a/rosetta-cast":     {"en": 60, "de": 64},
		"hall-b/allosaurus-skull": {"en": 12, "de": 14},
		"hall-c/water-lilies":     {"en": 9},
	}}
	g := New(store,
		WithLogger(log.New(io.Discard, "", 0)),
		WithFallbackLanguage("en"),
	)
	handset := newFakeHandset("HS-0142", map[string]map[int][]Button{
		"hall-a/rosetta-cast":     {3: {ButtonSkip}},
		"hall-b/allosaurus-skull": {4: {ButtonPause, ButtonResume}},
	})

	sess := g.NewSession(handset, "de")
	rep, err := sess.PlayTour(context.Background(), []string{
		"hall-a/rosetta-cast",
		"hall-b/allosaurus-skull",
		"hall-c/water-lilies",
	})
	if err != nil {
		t.Fatalf("PlayTour: %v", err)
	}

	want := []ExhibitResult{
		{ExhibitID: "hall-a/rosetta-cast", Lang: "de", Chunks: 3, Outcome: OutcomeSkipped},
		{ExhibitID: "hall-b/allosaurus-skull", Lang: "de", Chunks: 14, Outcome: OutcomeCompleted},
		{ExhibitID: "hall-c/water-lilies", Lang: "en", Chunks: 9, Outcome: OutcomeCompleted},
	}
	if len(rep.Results) != len(want) {
		t.Fatalf("got %d results, want %d: %+v", len(rep.Results), len(want), rep.Results)
	}
	for i, w := range want {
		if got := rep.Results[i]; got != w {
			t.Errorf("result %d = %+v, want %+v", i, got, w)
		}
	}
	if rep.Handset != "HS-0142" {
		t.Errorf("report handset = %q", rep.Handset)
	}
}
