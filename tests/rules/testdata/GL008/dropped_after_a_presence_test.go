package droppedafterapresencetest

import (
	"errors"
	"sync"
)

// run: h := NewPressHouse(); _ = h.Load("b1"); _ = h.Reject("b1")

// Totals sums the readings of one batch.
type Totals struct {
	Readings int
	Litres   float64
}

// tally sums a batch's readings until in is closed, then hands the totals on.
func tally(in <-chan float64) <-chan Totals {
	out := make(chan Totals, 1)
	go func() {
		var t Totals
		for litres := range in { // want "the goroutine never finishes ranging over `in`: `Reject` deletes it from `h\\.lines` at line 79 without closing"
			t.Readings++
			t.Litres += litres
		}
		out <- t
	}()
	return out
}

// PressHouse keeps the readings channel of each batch on a press.
type PressHouse struct {
	mu     sync.Mutex
	lines  map[string]chan float64
	totals map[string]<-chan Totals
}

// NewPressHouse has no batch on a press.
func NewPressHouse() *PressHouse {
	return &PressHouse{lines: map[string]chan float64{}, totals: map[string]<-chan Totals{}}
}

// Load puts a batch on a press, its readings summed by tally (STARTED_BY_A_HELPER).
func (h *PressHouse) Load(id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.lines[id]; ok {
		return errors.New("batch already on a press")
	}
	in := make(chan float64, 4)
	h.lines[id] = in
	h.totals[id] = tally(in)
	return nil
}

// Finish closes a batch's readings and waits for its totals.
func (h *PressHouse) Finish(id string) (Totals, error) {
	h.mu.Lock()
	in, ok := h.lines[id]
	if !ok {
		h.mu.Unlock()
		return Totals{}, errors.New("unknown batch")
	}
	delete(h.lines, id)
	out := h.totals[id]
	delete(h.totals, id)
	h.mu.Unlock()
	close(in)
	return <-out, nil
}

// Reject drops a batch after testing only that it is on a press (PRESENCE_ONLY: no
// value of the map in hand, so nothing else can close it).
func (h *PressHouse) Reject(id string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.lines[id]; !ok {
		return errors.New("unknown batch")
	}
	delete(h.lines, id)
	delete(h.totals, id)
	return nil
}

// Close ends the tally of every batch still on a press.
func (h *PressHouse) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, in := range h.lines {
		close(in)
		delete(h.lines, id)
	}
}
