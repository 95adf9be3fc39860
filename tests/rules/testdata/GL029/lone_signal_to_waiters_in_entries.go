package lonesignaltowaitersinentries

import (
	"sync"
	"time"
)

// run: m := NewMill([]*Bin{NewBin("rye", 0), NewBin("spelt", 0)}, 3); m.Order("rye", 5); m.Order("rye", 5); m.Order("rye", 5); time.Sleep(100 * time.Millisecond); m.Close(); time.Sleep(100 * time.Millisecond)

// Bin holds one kind of grain; millers wait in Take until enough is in.
type Bin struct {
	kind   string
	mu     sync.Mutex
	filled *sync.Cond
	kg     int
	closed bool
}

func NewBin(kind string, kg int) *Bin {
	b := &Bin{kind: kind, kg: kg}
	b.filled = sync.NewCond(&b.mu)
	return b
}

// Take waits for kg of grain; false once the bin is closed.
func (b *Bin) Take(kg int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	for !b.closed && b.kg < kg {
		b.filled.Wait() // want "`b\\.filled\\.Wait\\(\\)` may never return: `Close` sets `b\\.closed`, which this loop waits on, but wakes one waiter"
	}
	if b.closed {
		return false
	}
	b.kg -= kg
	return true
}

func (b *Bin) Fill(kg int) {
	b.mu.Lock()
	b.kg += kg
	b.mu.Unlock()
	b.filled.Broadcast()
}

// Close wakes one miller only, though every miller short of grain waits on the bin.
func (b *Bin) Close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.filled.Signal()
}

type order struct {
	kind string
	kg   int
}

// Mill runs millers that each take the next order from any bin.
type Mill struct {
	bins   map[string]*Bin
	orders chan order
	done   chan struct{}
	opened time.Time
}

func NewMill(bins []*Bin, millers int) *Mill {
	m := &Mill{bins: make(map[string]*Bin), orders: make(chan order, 16), done: make(chan struct{}), opened: time.Now()}
	for _, b := range bins {
		m.bins[b.kind] = b
	}
	for i := 0; i < millers; i++ {
		go m.mill()
	}
	return m
}

func (m *Mill) Order(kind string, kg int) { m.orders <- order{kind, kg} }

func (m *Mill) mill() {
	for {
		select {
		case <-m.done:
			return
		case o := <-m.orders:
			m.grind(o)
		}
	}
}

func (m *Mill) grind(o order) {
	bin, ok := m.bins[o.kind]
	if !ok {
		return
	}
	bin.Take(o.kg)
}

func (m *Mill) Close() {
	close(m.done)
	for _, b := range m.bins {
		b.Close()
	}
}
