package approvals

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// run: g := NewGate(func(context.Context, string, string) error { return nil }); ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond); defer cancel(); g.Deploy(ctx, "v2", []string{"ann", "bob"})

var errUnknown = errors.New("approvals: unknown request")

type notifyFunc func(ctx context.Context, approver, id string) error

// request counts the approvals a deploy still needs.
type request struct {
	id      string
	asked   time.Time
	mu      sync.Mutex
	cond    *sync.Cond
	missing int
	refused []string
}

func newRequest(id string, needed int) *request {
	r := &request{id: id, asked: time.Now(), missing: needed}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *request) approve() {
	r.mu.Lock()
	r.missing--
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *request) refuse(approver string) {
	r.mu.Lock()
	r.refused = append(r.refused, approver)
	r.missing--
	r.mu.Unlock()
	r.cond.Broadcast()
}

// wait blocks until every approver has answered, or ctx ends.
func (r *request) wait(ctx context.Context) error {
	answered := make(chan struct{})
	go func() {
		r.mu.Lock()
		for r.missing > 0 {
			r.cond.Wait() // want "goroutine blocks in `r.cond.Wait\\(\\)` once `wait` gives up at line 63: it waits for `r.missing` to change, which only `approve` and `refuse` can bring, called on the object as found in `g.pending`, and `Deploy` removes it from `g.pending` when it returns"
		}
		r.mu.Unlock()
		close(answered)
	}()
	select {
	case <-answered:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Gate holds deploys until their approvers agree.
type Gate struct {
	notify  notifyFunc
	mu      sync.Mutex
	seq     int
	pending map[string]*request
}

func NewGate(notify notifyFunc) *Gate {
	return &Gate{notify: notify, pending: make(map[string]*request)}
}

// Deploy asks every approver and waits for their answers.
func (g *Gate) Deploy(ctx context.Context, version string, approvers []string) error {
	g.mu.Lock()
	g.seq++
	r := newRequest(fmt.Sprintf("%s-%d", version, g.seq), len(approvers))
	g.pending[r.id] = r
	g.mu.Unlock()
	defer g.forget(r.id)

	g.ask(ctx, r, approvers)
	if err := r.wait(ctx); err != nil {
		return fmt.Errorf("deploy %s: %w", version, err)
	}
	if len(r.refused) > 0 {
		return fmt.Errorf("deploy %s: refused by %v", version, r.refused)
	}
	return nil
}

// ask notifies every approver; one that cannot be reached counts as a refusal.
func (g *Gate) ask(ctx context.Context, r *request, approvers []string) {
	var wg sync.WaitGroup
	for _, a := range approvers {
		wg.Add(1)
		go func(a string) {
			defer wg.Done()
			if err := g.notify(ctx, a, r.id); err != nil {
				r.refuse(a)
			}
		}(a)
	}
	wg.Wait()
}

// Approve records an approver's answer, as the chat callback delivers it.
func (g *Gate) Approve(id string) error {
	g.mu.Lock()
	r, ok := g.pending[id]
	g.mu.Unlock()
	if !ok {
		return errUnknown
	}
	r.approve()
	return nil
}

func (g *Gate) forget(id string) {
	g.mu.Lock()
	delete(g.pending, id)
	g.mu.Unlock()
}
