package dispatchfixed

import (
	"errors"
	"sync"
)

var errUnknownCab = errors.New("unknown cab")

// Desk hands rides to cabs; each cab's rides go to its own worker.
type Desk struct {
	mu    sync.Mutex
	rides map[string]chan string
	done  []string
}

// NewDesk makes an empty desk.
func NewDesk() *Desk {
	return &Desk{rides: make(map[string]chan string)}
}

// Open starts taking rides for a cab.
func (d *Desk) Open(cab string) error {
	in := make(chan string)
	d.mu.Lock()
	d.rides[cab] = in
	d.mu.Unlock()
	go d.drive(cab, in)
	return nil
}

func (d *Desk) drive(cab string, in <-chan string) {
	for ride := range in {
		d.mu.Lock()
		d.done = append(d.done, cab+":"+ride)
		d.mu.Unlock()
	}
}

// release takes a cab off the desk and hands back its ride channel.
func (d *Desk) release(cab string) (chan string, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	in, ok := d.rides[cab]
	if !ok {
		return nil, errUnknownCab
	}
	delete(d.rides, cab)
	return in, nil
}

// Finish ends a cab's shift once its rides are done.
func (d *Desk) Finish(cab string) error {
	in, err := d.release(cab)
	if err != nil {
		return err
	}
	close(in)
	return nil
}

// Withdraw takes a cab out of service at once.
func (d *Desk) Withdraw(cab string) error {
	in, err := d.release(cab)
	if err != nil {
		return err
	}
	close(in)
	return nil
}
