package jobsrv

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestShutdownWithJobInFlight(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := NewServer()
	s.logf = t.Logf
	err := s.Submit(Job{ID: "reindex", Run: func() error {
		time.Sleep(10 * time.Millisecond)
		return errors.New("disk full")
	}})
	if err != nil {
		t.Fatal(err)
	}
	s.Shutdown()
}
