package chat

import (
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestServerShutdownDisconnectsSessions(t *testing.T) {
	defer goleak.VerifyNone(t)

	b := NewBroker()
	joined := make(chan struct{}, 2)
	var wg sync.WaitGroup
	sessions := []*Session{
		NewSession(b, "ana", "ops", io.Discard),
		NewSession(b, "bo", "ops", io.Discard),
	}
	for _, s := range sessions {
		wg.Add(1)
		go func(s *Session) {
			defer wg.Done()
			s.Serve(joined)
		}(s)
	}
	<-joined
	<-joined

	b.Publish(Message{Room: "ops", From: "ana", Text: "deploying 1.4"})
	time.Sleep(10 * time.Millisecond)
	if got := sessions[1].Seen(); got != 1 {
		t.Fatalf("bo saw %d messages", got)
	}

	b.Stop()

	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-time.After(200 * time.Millisecond):
		t.Error("sessions did not finish after the broker stopped")
	}
}
