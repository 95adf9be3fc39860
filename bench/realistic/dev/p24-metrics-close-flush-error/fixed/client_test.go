package metrics

import (
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type downSink struct{}

func (downSink) Write([]Point) error { return errors.New("collector unreachable") }

func TestCloseReportsUndeliveredPoints(t *testing.T) {
	defer goleak.VerifyNone(t)
	c, err := New(downSink{}, Options{FlushEvery: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c.Count("requests", 1)
	c.Set("queue_depth", 7)
	time.Sleep(3 * time.Millisecond)
	if err := c.Close(); err == nil {
		t.Fatal("Close should report that the points never left")
	}
}
