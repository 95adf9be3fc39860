package fresh

import (
	"testing"
	"time"
)

type watchOptsJ17 struct{ Every time.Duration }

type optsJ17 struct {
	Name  string
	Watch watchOptsJ17
}

type poolJ17 struct {
	opts *optsJ17
	halt chan struct{}
}

// The refresher only exists when an interval is asked for.
func newPoolJ17(o *optsJ17) *poolJ17 {
	p := &poolJ17{opts: o, halt: make(chan struct{})}
	if o.Watch.Every > 0 {
		go p.refresh()
	}
	return p
}

func (p *poolJ17) refresh() {
	t := time.NewTicker(p.opts.Watch.Every)
	defer t.Stop()
	for {
		select {
		case <-p.halt:
			return
		case <-t.C:
		}
	}
}

func (p *poolJ17) Size() int { return 1 }

func (p *poolJ17) Close() { close(p.halt) }

// The options leave the interval at zero: newPoolJ17 starts nothing to stop
// (OPTION_LEFT_UNSET).
func TestPoolWithoutRefreshJ17(t *testing.T) {
	p := newPoolJ17(&optsJ17{Name: "a"})
	if p.Size() != 1 {
		t.Fatal("size")
	}
	done := make(chan struct{})
	go func() { close(done) }()
	<-done
}
