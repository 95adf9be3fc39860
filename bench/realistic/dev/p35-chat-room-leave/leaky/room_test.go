package chat

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type pipeConn struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (c *pipeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.Write(p)
}

func (c *pipeConn) Close() error { return nil }

func TestMemberLeavesThenRoomCloses(t *testing.T) {
	defer goleak.VerifyNone(t)
	noon := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	r := NewRoom("ops", WithClock(func() time.Time { return noon }))
	for _, name := range []string{"ana", "bo"} {
		if err := r.Join(name, &pipeConn{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Say("ana", "deploying now"); err != nil {
		t.Fatal(err)
	}
	if err := r.Leave("bo"); err != nil {
		t.Fatal(err)
	}
	if err := r.Say("bo", "wait"); err == nil {
		t.Fatal("a member who left could still talk")
	}
	r.Close()
}
