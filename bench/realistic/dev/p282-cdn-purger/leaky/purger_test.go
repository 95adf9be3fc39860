package purge

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type staticDirectory []POP

func (d staticDirectory) POPs(context.Context) ([]POP, error) { return d, nil }

// fakeEdges accepts every purge and lets the test decide which POPs call
// back with an acknowledgement.
type fakeEdges struct {
	mu     sync.Mutex
	sent   map[string][]Request
	onSend func(pop POP, id string)
}

func (e *fakeEdges) Send(_ context.Context, pop POP, id string, req Request) error {
	e.mu.Lock()
	if e.sent == nil {
		e.sent = make(map[string][]Request)
	}
	e.sent[pop.Name] = append(e.sent[pop.Name], req)
	hook := e.onSend
	e.mu.Unlock()
	if hook != nil {
		hook(pop, id)
	}
	return nil
}

func TestPurgeTimesOutWaitingForSlowPOP(t *testing.T) {
	defer goleak.VerifyNone(t)

	dir := staticDirectory{
		{Name: "ams1", Endpoint: "10.1.0.1:7000"},
		{Name: "sin1", Endpoint: "10.9.0.1:7000"},
	}
	edges := &fakeEdges{}
	p := New(Config{AckTimeout: 25 * time.Millisecond, Parallelism: 1}, dir, edges)

	// ams1 acknowledges as soon as it receives the purge; sin1 never does.
	edges.onSend = func(pop POP, id string) {
		if pop.Name != "ams1" {
			return
		}
		if err := p.Ack(id, pop.Name); err != nil {
			t.Errorf("Ack(%s, %s): %v", id, pop.Name, err)
		}
	}

	res, err := p.Purge(context.Background(), Request{
		Kind:    ByURL,
		Targets: []string{"https://static.example.com/app.js", "https://STATIC.example.com/app.js#v2"},
	})
	if !errors.Is(err, ErrAckTimeout) {
		t.Fatalf("Purge error = %v, want %v", err, ErrAckTimeout)
	}
	if want := []string{"sin1"}; !reflect.DeepEqual(res.Pending, want) {
		t.Errorf("Pending = %v, want %v", res.Pending, want)
	}
	if _, ok := res.Acked["ams1"]; !ok {
		t.Errorf("ams1 not recorded as acked: %+v", res)
	}
	if got := edges.sent["sin1"][0].Targets; len(got) != 1 {
		t.Errorf("targets not de-duplicated: %v", got)
	}

	// A late acknowledgement for a finished purge is rejected.
	if err := p.Ack(res.ID, "sin1"); !errors.Is(err, ErrUnknownPurge) {
		t.Errorf("late Ack error = %v, want %v", err, ErrUnknownPurge)
	}
}
