// Package retort schedules canned-product batches onto a bank of steam
// retorts and records the thermal process delivered to each batch.
package retort

import (
	"fmt"
	"sync"
	"time"
)

// Deviation records a batch that did not receive its scheduled process.
type Deviation struct {
	BatchID    string
	RetortID   int
	RequiredF0 float64
	AchievedF0 float64
	Reason     string
}

func (d *Deviation) Error() string {
	return fmt.Sprintf("batch %s in retort %d: F0 %.2f below required %.2f (%s)",
		d.BatchID, d.RetortID, d.AchievedF0, d.RequiredF0, d.Reason)
}

type retortState struct {
	id         int
	busy       bool
	cycles     int
	deviations int
	lastBatch  string
	lastDone   time.Time
}

// RetortStatus is a snapshot of one retort.
type RetortStatus struct {
	ID         int
	Busy       bool
	Cycles     int
	Deviations int
	LastBatch  string
}

// bank hands out idle retorts to batches and takes them back.
type bank struct {
	mu      sync.Mutex
	cond    *sync.Cond
	retorts []*retortState
	idle    []int
	log     Logger
}

func newBank(n int, log Logger) *bank {
	b := &bank{log: log}
	b.cond = sync.NewCond(&b.mu)
	for i := 1; i <= n; i++ {
		b.retorts = append(b.retorts, &retortState{id: i})
		b.idle = append(b.idle, i)
	}
	return b
}

func (b *bank) acquire(batchID string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.idle) == 0 {
		b.cond.Wait() // leak: a release after a deviation never signals
	}
	id := b.idle[0]
	b.idle = b.idle[1:]
	r := b.retorts[id-1]
	r.busy = true
	r.lastBatch = batchID
	return id
}

func (b *bank) release(id int, at time.Time, dev *Deviation) {
	b.mu.Lock()
	defer b.mu.Unlock()
	r := b.retorts[id-1]
	r.busy = false
	r.cycles++
	r.lastDone = at
	b.idle = append(b.idle, id)
	if dev == nil {
		b.cond.Signal()
		return
	}
	r.deviations++
	b.log.Printf("retort %d: process deviation, batch %s held: %v", id, dev.BatchID, dev)
}

func (b *bank) status() []RetortStatus {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]RetortStatus, 0, len(b.retorts))
	for _, r := range b.retorts {
		out = append(out, RetortStatus{
			ID:         r.id,
			Busy:       r.busy,
			Cycles:     r.cycles,
			Deviations: r.deviations,
			LastBatch:  r.lastBatch,
		})
	}
	return out
}
