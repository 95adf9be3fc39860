package moderation

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type manualClock struct {
	now  time.Time
	tick chan time.Time
}

func (c *manualClock) Now() time.Time { return c.now }

func (c *manualClock) NewTicker(time.Duration) (<-chan time.Time, func()) {
	return c.tick, func() {}
}

// keywordClassifier flags messages containing any of its words.
type keywordClassifier struct {
	name  string
	cat   Category
	words []string
}

func (k keywordClassifier) Name() string { return k.name }

func (k keywordClassifier) Classify(_ context.Context, msg Message) (map[Category]float64, error) {
	text := strings.ToLower(msg.Text)
	for _, w := range k.words {
		if strings.Contains(text, w) {
			return map[Category]float64{k.cat: 0.97}, nil
		}
	}
	return map[Category]float64{k.cat: 0.02}, nil
}

// flakyEnforcer panics on its first call, like a platform SDK with a
// half-initialised session, and records the rest.
type flakyEnforcer struct {
	mu      sync.Mutex
	calls   int
	applied []Action
}

func (e *flakyEnforcer) Enforce(_ context.Context, _ Message, a Action, _ string) error {
	e.mu.Lock()
	e.calls++
	first := e.calls == 1
	e.mu.Unlock()
	if first {
		panic("chatapi: session not initialised")
	}
	e.mu.Lock()
	e.applied = append(e.applied, a)
	e.mu.Unlock()
	return nil
}

func TestModerateEnforcerPanicThenDecay(t *testing.T) {
	defer goleak.VerifyNone(t)

	start := time.Date(2024, 5, 4, 18, 30, 0, 0, time.UTC)
	clock := &manualClock{now: start, tick: make(chan time.Time)}
	m, err := New(Config{
		Classifiers: []Classifier{
			keywordClassifier{name: "toxic-v2", cat: Toxicity, words: []string{"idiot", "moron"}},
			keywordClassifier{name: "linkspam", cat: Spam, words: []string{"free crypto", "bit.ly/"}},
		},
		Enforcer: &flakyEnforcer{},
		Clock:    clock,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	v, err := m.Moderate(ctx, Message{ID: "m1", Channel: "general", UserID: "u42", Text: "gg everyone"})
	if err != nil || v.Action != Allow {
		t.Fatalf("clean message: verdict %+v, err %v", v, err)
	}

	_, err = m.Moderate(ctx, Message{ID: "m2", Channel: "general", UserID: "u42", Text: "you absolute idiot"})
	if !errors.Is(err, ErrPanic) {
		t.Fatalf("Moderate error = %v, want ErrPanic", err)
	}

	// A day later the decay loop runs.
	clock.tick <- start.Add(25 * time.Hour)

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
}
