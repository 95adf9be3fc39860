package sweeper

import (
	"testing"
	"time"
)

// Output sweeps expired batches in a goroutine that Connect starts with a fresh stop
// channel; Close closes it before any reconnect.
type Output struct {
	stop    chan struct{}
	pending map[string]time.Time
}

func (o *Output) Connect() {
	o.stop = make(chan struct{})
	go o.sweep(o.stop)
}

func (o *Output) Close() {
	if o.stop != nil {
		close(o.stop)
		o.stop = nil
	}
}

func (o *Output) sweep(stop <-chan struct{}) {
	<-stop
	o.pending = nil
}

// The test builds the output by hand, starts the sweeper as Connect would, and closes
// the same channel at cleanup; Connect never runs on this object.
func TestSweepStops(t *testing.T) {
	o := &Output{stop: make(chan struct{}), pending: map[string]time.Time{}}
	go o.sweep(o.stop)
	t.Cleanup(func() { close(o.stop) })
}
