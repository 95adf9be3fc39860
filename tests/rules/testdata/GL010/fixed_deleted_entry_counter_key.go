package timers

import "sync"

// run: t := NewTable(); id := t.Add(); t.Add(); t.Remove(id); t.Close()

type ticker struct {
	fire chan struct{}
	quit chan struct{}
}

func newTicker() *ticker {
	k := &ticker{fire: make(chan struct{}), quit: make(chan struct{})}
	go k.loop()
	return k
}

func (k *ticker) loop() {
	for {
		select {
		case <-k.fire:
		case <-k.quit:
			return
		}
	}
}

func (k *ticker) stop() { close(k.quit) }

// Table hands out an id per ticker.
type Table struct {
	mu      sync.Mutex
	lastID  int
	tickers map[int]*ticker
}

func NewTable() *Table {
	return &Table{tickers: make(map[int]*ticker)}
}

// Add starts a ticker under a new id.
func (t *Table) Add() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lastID++
	id := t.lastID
	t.tickers[id] = newTicker()
	return id
}

// Remove forgets the ticker with that id.
func (t *Table) Remove(id int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k, ok := t.tickers[id]; ok {
		k.stop()
		delete(t.tickers, id)
	}
}

// Close stops every ticker.
func (t *Table) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id, k := range t.tickers {
		k.stop()
		delete(t.tickers, id)
	}
}
