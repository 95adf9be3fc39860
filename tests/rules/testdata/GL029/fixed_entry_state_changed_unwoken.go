package fixedentrystatechangedunwoken

import (
	"errors"
	"sync"
	"time"
)

type state int

const (
	waiting state = iota
	unloaded
	cancelled
)

type berth struct {
	state state
	since time.Time
}

// Dock tracks ships at their berths; callers wait in Await for a ship to be done.
type Dock struct {
	mu     sync.Mutex
	done   *sync.Cond
	berths map[int]*berth
}

func NewDock(ships []int) *Dock {
	d := &Dock{berths: make(map[int]*berth)}
	d.done = sync.NewCond(&d.mu)
	for _, s := range ships {
		d.berths[s] = &berth{state: waiting, since: time.Now()}
	}
	return d
}

// Await blocks until the ship is unloaded or cancelled.
func (d *Dock) Await(ship int) (state, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.berths[ship]
	if !ok {
		return 0, errors.New("no such ship")
	}
	for b.state == waiting {
		d.done.Wait()
	}
	return b.state, nil
}

func (d *Dock) Unloaded(ship int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if b, ok := d.berths[ship]; ok {
		b.state = unloaded
		d.done.Broadcast()
	}
}

// Cancel gives the berth up; the ship will never be unloaded.
func (d *Dock) Cancel(ship int) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	b, ok := d.berths[ship]
	if !ok {
		return errors.New("no such ship")
	}
	b.state = cancelled
	d.done.Broadcast()
	return nil
}

// Requeue puts every berth back to waiting, as at the start of a shift.
func (d *Dock) Requeue() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, b := range d.berths {
		b.state = waiting
		b.since = time.Now()
	}
}
