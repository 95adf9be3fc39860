package handedback

import (
	"errors"
	"fmt"
	"sync"
)

// run: b := NewBench(); _ = b.Repair("w1", "lost-case"); go func() { _ = b.Repair("w1", "ok") }()

var errNoParts = errors.New("no spare parts")

// Bench repairs watches one at a time per watch.
type Bench struct {
	mu      sync.Mutex
	watches map[string]*sync.Mutex
	done    map[string]int
}

func NewBench() *Bench {
	return &Bench{watches: make(map[string]*sync.Mutex), done: make(map[string]int)}
}

// claim locks one watch's mutex and hands back its release.
func (b *Bench) claim(id string) func() {
	b.mu.Lock()
	m, ok := b.watches[id]
	if !ok {
		m = &sync.Mutex{}
		b.watches[id] = m
	}
	b.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// Repair works on a watch; a part that is not in stock ends the repair early.
func (b *Bench) Repair(id, part string) error {
	release := b.claim(id) // want "the mutex `claim` locks stays locked when `Repair` returns at line 41"
	if part == "lost-case" {
		return fmt.Errorf("repair %s: %w", id, errNoParts)
	}
	b.mu.Lock()
	b.done[id]++
	b.mu.Unlock()
	release()
	return nil
}
