package scores

import (
	"context"
	"errors"
	"io"
	"log"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type scriptedFeed struct {
	name    string
	updates []Update
	err     error
}

func (f *scriptedFeed) Name() string { return f.name }

func (f *scriptedFeed) Subscribe(ctx context.Context) (<-chan Update, error) {
	if f.err != nil {
		return nil, f.err
	}
	ch := make(chan Update)
	go func() {
		defer close(ch)
		for _, u := range f.updates {
			select {
			case ch <- u:
			case <-ctx.Done():
				return
			}
		}
		<-ctx.Done()
	}()
	return ch, nil
}

func TestRunSkipsUnavailableFeed(t *testing.T) {
	defer goleak.VerifyNone(t)

	feeds := []Feed{
		&scriptedFeed{name: "opta", updates: []Update{
			{MatchID: "ARS-CHE", Minute: 12, Home: 1, Source: "opta"},
			{MatchID: "ARS-CHE", Minute: 40, Home: 1, Away: 1, Source: "opta"},
		}},
		&scriptedFeed{name: "statsperform", err: errors.New("dial tcp: connection refused")},
	}
	changed := make(chan Match, 8)
	agg := New(feeds,
		WithLogger(log.New(io.Discard, "", 0)),
		WithOnChange(func(m Match) { changed <- m }),
	)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- agg.Run(ctx) }()

	for i := 0; i < 2; i++ {
		select {
		case <-changed:
		case <-time.After(time.Second):
			t.Fatal("board not updated")
		}
	}
	if m, _ := agg.Board().Get("ARS-CHE"); m.Home != 1 || m.Away != 1 || m.Minute != 40 {
		t.Errorf("ARS-CHE = %+v, want 1:1 at 40'", m)
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Run = %v, want context.Canceled", err)
		}
	case <-time.After(100 * time.Millisecond):
		t.Log("Run still running 100ms after cancel")
	}
}
