package efiling

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// run: g := &Gateway{queue: full{}}; _ = g.Submit(context.Background(), "E-1", []byte("motion"))

// Queue takes stamped filings; it may refuse one without reading it.
type Queue interface {
	Enqueue(ctx context.Context, number string, body io.Reader) error
}

type full struct{}

func (full) Enqueue(context.Context, string, io.Reader) error { return errors.New("over capacity") }

// Gateway forwards filings to a clerk review queue.
type Gateway struct {
	queue Queue
}

// Submit stamps a filing and forwards it.
func (g *Gateway) Submit(ctx context.Context, number string, doc []byte) error {
	body := stampedBody(number, doc)
	defer body.Close()
	if err := g.queue.Enqueue(ctx, number, body); err != nil {
		return fmt.Errorf("forward %s: %w", number, err)
	}
	return nil
}
