package chatbot

import (
	"context"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type recorder struct {
	mu    sync.Mutex
	posts []Reply
	got   chan struct{}
}

func (r *recorder) Post(ctx context.Context, rep Reply) error {
	r.mu.Lock()
	r.posts = append(r.posts, rep)
	r.mu.Unlock()
	r.got <- struct{}{}
	return nil
}

func TestBotAnswersCommands(t *testing.T) {
	defer goleak.VerifyNone(t)

	rec := &recorder{got: make(chan struct{}, 8)}
	b := New(rec, WithWorkers(2))
	b.Handle("echo", func(ctx context.Context, m Message, args []string) (string, error) {
		return strings.Join(args, " "), nil
	})
	ctx := context.Background()
	b.Start(ctx)

	msgs := []Message{
		{Channel: "#ops", User: "ana", Text: "!echo hello"},
		{Channel: "#ops", User: "bo", Text: "!nope"},
		{Channel: "#ops", User: "bo", Text: "just chatting"},
	}
	for _, m := range msgs {
		if err := b.Deliver(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		<-rec.got
	}
	b.Stop()

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.posts) != 2 {
		t.Fatalf("got %d replies, want 2", len(rec.posts))
	}
}
