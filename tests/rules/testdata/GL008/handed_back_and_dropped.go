package dispatch

import (
	"errors"
	"sync"
)

// run: d := NewDesk(); _ = d.Open("cab-7"); _ = d.Withdraw("cab-7")

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
	for ride := range in { // want "goroutine `drive` never finishes ranging over `in`: `release` takes it out of `d.rides` and hands it back, and `Withdraw` throws it away at line \\d+ without closing it"
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
	_, err := d.release(cab)
	return err
}
