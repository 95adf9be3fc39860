package fixed_webhook_delivery

import (
	"context"
	"fmt"
	"log"
	"time"
)

// run: NewDispatcher(time.Millisecond).Dispatch(Event{Kind: "invoice.paid", Amount: 1200})

// Event is what subscribers are told about.
type Event struct {
	Kind   string
	Amount int
}

// Dispatcher renders events and posts them to a webhook within a time budget.
type Dispatcher struct {
	budget time.Duration
	sent   chan string
}

func NewDispatcher(budget time.Duration) *Dispatcher {
	return &Dispatcher{budget: budget, sent: make(chan string, 8)}
}

func (d *Dispatcher) render(ev Event, payloads chan<- string) {
	// Templates are slow to execute.
	time.Sleep(10 * time.Millisecond)
	payloads <- fmt.Sprintf(`{"kind":%q,"amount":%d}`, ev.Kind, ev.Amount)
}

func (d *Dispatcher) post(ctx context.Context, payloads <-chan string) {
	select {
	case p := <-payloads:
		d.sent <- p
	case <-ctx.Done():
		log.Printf("webhook skipped: %v", ctx.Err())
	}
}

// Dispatch renders and posts ev in the background, giving the whole delivery the budget.
func (d *Dispatcher) Dispatch(ev Event) {
	ctx, cancel := context.WithTimeout(context.Background(), d.budget)
	payloads := make(chan string, 1) // render must not wait for a post that timed out
	go d.render(ev, payloads)
	go func() {
		defer cancel()
		d.post(ctx, payloads)
	}()
}
