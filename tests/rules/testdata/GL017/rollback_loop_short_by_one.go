package rollbackloopshort

import (
	"errors"
	"sync"
)

// run: d := &Depot{bays: []*bay{{}, {}}}; d.bays[1].busy = true; _ = d.Claim(); go func() { _ = d.Claim() }()

var errBusy = errors.New("bay busy")

type bay struct {
	mu   sync.Mutex
	busy bool
}

// Depot counts its stock with all its bays held at once.
type Depot struct {
	bays    []*bay
	counted int
}

// Claim counts the stock with every bay locked, or fails when one is busy.
func (d *Depot) Claim() error {
	for i := 0; i < len(d.bays); i++ {
		d.bays[i].mu.Lock() // want "`d.bays\[i\].mu` stays locked when `Claim` returns at line 31"
		if d.bays[i].busy {
			for _, b := range d.bays[:i] {
				b.mu.Unlock()
			}
			return errBusy
		}
	}
	d.counted++
	d.release()
	return nil
}

func (d *Depot) release() {
	for _, b := range d.bays {
		b.mu.Unlock()
	}
}
