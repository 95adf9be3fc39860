package presence

import (
	"context"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type okServer struct{}

func (okServer) Ping(context.Context, string) error { return nil }

func TestKeepAliveStopsOnClose(t *testing.T) {
	defer goleak.VerifyNone(t)
	c, err := Dial(okServer{}, Config{ID: "ada", Interval: time.Millisecond, KeepAlive: true})
	if err != nil {
		t.Fatal(err)
	}
	for c.Pings() < 3 {
		time.Sleep(time.Millisecond)
	}
	c.Close()
}
