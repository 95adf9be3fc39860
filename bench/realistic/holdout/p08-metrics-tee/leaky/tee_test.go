package metrics

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRecordWithoutLiveView(t *testing.T) {
	defer goleak.VerifyNone(t)
	in := make(chan Sample, 3)
	in <- Sample{"cpu", 0.5}
	in <- Sample{"cpu", 0.7}
	in <- Sample{"mem", 0.2}
	close(in)
	archived := make(chan Sample, 3)
	Record(in, Options{Archive: func(s Sample) { archived <- s }})
	select {
	case <-archived:
	case <-time.After(time.Second):
		t.Fatal("nothing archived")
	}
}
