package arena

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestPlayersMoveAndServerShutsDown(t *testing.T) {
	defer goleak.VerifyNone(t)
	snaps := make(chan Snapshot, 256)
	s := NewServer(Config{TickRate: 2 * time.Millisecond, OnSnapshot: func(sn Snapshot) {
		select {
		case snaps <- sn:
		default:
		}
	}})
	s.Start()

	alice, err := s.Join("alice")
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.Join("bob")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Join("bob"); err == nil {
		t.Fatal("second join of bob succeeded")
	}
	alice <- Input{Seq: 1, Move: Right}
	alice <- Input{Seq: 2, Move: Right}
	bob <- Input{Seq: 1, Move: Down}

	deadline := time.After(500 * time.Millisecond)
	for done := false; !done; {
		select {
		case sn := <-snaps:
			done = sn.Positions["alice"] == Vec{X: 2} && sn.Positions["bob"] == Vec{Y: 1}
		case <-deadline:
			t.Fatal("inputs were never applied")
		}
	}

	close(alice) // alice disconnects; bob is still playing when the server stops
	s.Shutdown()
}
