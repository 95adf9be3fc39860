package kv

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

type replica struct {
	name  string
	delay time.Duration
}

func (r replica) Name() string { return r.name }

func (r replica) Get(key string) ([]byte, error) {
	time.Sleep(r.delay)
	return []byte(key + "@" + r.name), nil
}

func TestFastestReplicaWins(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := NewClient(time.Second, replica{"eu", 20 * time.Millisecond}, replica{"us", time.Millisecond}, replica{"ap", 10 * time.Millisecond})
	_, from, err := c.Get("k")
	if err != nil || from == "" {
		t.Fatalf("got %q, %v", from, err)
	}
}
