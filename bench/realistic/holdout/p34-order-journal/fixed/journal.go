package matching

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrJournalClosed is returned by Append after Close.
var ErrJournalClosed = errors.New("matching: journal closed")

type entry struct {
	Order Order  `json:"order"`
	Fills []Fill `json:"fills,omitempty"`
}

type batch struct {
	entry entry
	done  chan error
}

// Journal writes one JSON line per order to w and, if w has a Sync method, syncs it
// before acknowledging.
type Journal struct {
	enc     *json.Encoder
	sync    func() error
	in      chan batch
	quit    chan struct{}
	stopped chan struct{}
	once    sync.Once
}

// NewJournal starts a journal writer on w.
func NewJournal(w io.Writer) *Journal {
	j := &Journal{
		enc:     json.NewEncoder(w),
		sync:    func() error { return nil },
		in:      make(chan batch),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
	}
	if s, ok := w.(interface{ Sync() error }); ok {
		j.sync = s.Sync
	}
	go j.run()
	return j
}

// Append records an order and its fills and waits until they are durable.
func (j *Journal) Append(o Order, fills []Fill) error {
	b := batch{entry: entry{Order: o, Fills: fills}, done: make(chan error, 1)}
	select {
	case j.in <- b:
	case <-j.quit:
		return ErrJournalClosed
	}
	select {
	case err := <-b.done:
		return err
	case <-j.quit:
		return ErrJournalClosed
	}
}

// Close stops the writer after the entry in progress, if any.
func (j *Journal) Close() error {
	j.once.Do(func() { close(j.quit) })
	<-j.stopped
	return nil
}

func (j *Journal) run() {
	defer close(j.stopped)
	for {
		select {
		case <-j.quit:
			return
		case b := <-j.in:
			err := j.enc.Encode(b.entry)
			if err == nil {
				err = j.sync()
			}
			if err != nil {
				err = fmt.Errorf("journal: %w", err)
			}
			b.done <- err
		}
	}
}
