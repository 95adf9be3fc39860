package replog

import (
	"io"
	"log"
	"testing"

	"go.uber.org/goleak"
)

func TestProposalAfterLeadershipChange(t *testing.T) {
	defer goleak.VerifyNone(t)
	n := NewNode(WithLogger(log.New(io.Discard, "", 0)))
	defer n.Stop()

	oldTerm := n.Term()
	newTerm := n.Campaign() // leadership moved while a client still held the old term

	stale := make(chan Result, 1)
	n.ProposeAsync(Command{Term: oldTerm, Key: "a", Value: []byte("1")}, func(r Result) { stale <- r })

	applied := make(chan Result, 1)
	n.ProposeAsync(Command{Term: newTerm, Key: "b", Value: []byte("2")}, func(r Result) { applied <- r })

	r := <-applied
	if r.Err != nil || r.Index != 1 {
		t.Fatalf("applied proposal: %+v", r)
	}
	if got := len(n.Entries()); got != 1 {
		t.Fatalf("log has %d entries, want 1", got)
	}
}
