package pipetransportpost

import (
	"context"
	"encoding/json"
	"errors"
	"io"
)

// run: n := &Notifier{transport: refusing{}}; _ = n.Send(context.Background(), map[string]string{"k": "v"})

// Transport posts a body to the subscriber.
type Transport interface {
	Post(ctx context.Context, body io.Reader) error
}

type refusing struct{}

func (refusing) Post(context.Context, io.Reader) error { return errors.New("connection refused") }

// Notifier streams each notification to its subscriber.
type Notifier struct {
	transport Transport
}

func (n *Notifier) Send(ctx context.Context, payload map[string]string) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(json.NewEncoder(pw).Encode(payload)) // want "goroutine blocks forever writing `pw` when `Send` returns at line 32 without reading or closing `pr`"
	}()
	if err := n.transport.Post(ctx, pr); err != nil {
		return err
	}
	return nil
}
