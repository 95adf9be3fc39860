package crushpad

import (
	"context"
	"sync"
	"time"
)

// lane weighs the crates of one block in arrival order, so that a slow
// weigh-in of one block does not hold up the others.
type lane struct {
	block   string
	in      chan Crate
	done    chan struct{}
	scale   Scale
	tareKg  float64
	timeout time.Duration
	log     Logger

	mu    sync.Mutex
	tally BlockTally
}

func newLane(block string, buf int, scale Scale, tareKg float64, timeout time.Duration, log Logger) *lane {
	return &lane{
		block:   block,
		in:      make(chan Crate, buf),
		done:    make(chan struct{}),
		scale:   scale,
		tareKg:  tareKg,
		timeout: timeout,
		log:     log,
		tally:   BlockTally{Block: block},
	}
}

func (l *lane) run(ctx context.Context) {
	defer close(l.done)
	for c := range l.in { // leak: a quarantined block's lane channel is never closed
		gross, err := l.weigh(ctx, c.ID)
		l.mu.Lock()
		if err != nil {
			l.tally.Unweighed++
			l.mu.Unlock()
			l.log.Printf("block %s: crate %s not weighed: %v", l.block, c.ID, err)
			continue
		}
		net := gross - l.tareKg
		if net <= 0 {
			l.tally.Unweighed++
			l.mu.Unlock()
			l.log.Printf("block %s: crate %s: gross %.1f kg is below tare", l.block, c.ID, gross)
			continue
		}
		net *= 1 - c.MOGPercent/100
		l.tally.Crates++
		l.tally.NetKg += net
		l.tally.brixKg += c.Brix * net
		l.mu.Unlock()
	}
}

func (l *lane) weigh(ctx context.Context, id string) (float64, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	return l.scale.Weigh(ctx, id)
}

func (l *lane) reject(quarantine bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tally.Rejected++
	if quarantine {
		l.tally.Quarantined = true
	}
}

func (l *lane) snapshot() BlockTally {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tally
}
