package fixedmethodstartedperelement

import (
	"errors"
	"time"
)

var errDown = errors.New("mirror down")

// Mirror is one download mirror; probe starts asking it in the background.
type Mirror struct {
	name string
	down bool
}

func (m *Mirror) probe(wins chan<- string, fails chan<- error) {
	go func() {
		if m.down {
			time.Sleep(2 * time.Millisecond)
			fails <- errDown
			return
		}
		wins <- m.name
	}()
}

// Mirrors answers with the first mirror to respond.
type Mirrors struct {
	list []*Mirror
}

func (ms *Mirrors) Fastest() (string, error) {
	wins := make(chan string, len(ms.list))
	fails := make(chan error, len(ms.list))
	for _, m := range ms.list {
		m.probe(wins, fails)
	}
	var last error
	for range ms.list {
		select {
		case name := <-wins:
			return name, nil
		case err := <-fails:
			last = err
		}
	}
	return "", last
}
