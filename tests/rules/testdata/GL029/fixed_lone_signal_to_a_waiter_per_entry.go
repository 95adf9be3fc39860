package fixedlonesignaltoawaiterperentry

import "sync"

// Kiln fires when its load is in; one loader goroutine tends each kiln.
type Kiln struct {
	mu     sync.Mutex
	loaded *sync.Cond
	pieces int
	closed bool
}

func NewKiln() *Kiln {
	k := &Kiln{}
	k.loaded = sync.NewCond(&k.mu)
	return k
}

// Await waits for n pieces; false once the kiln is closed.
func (k *Kiln) Await(n int) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	for !k.closed && k.pieces < n {
		k.loaded.Wait()
	}
	return !k.closed
}

func (k *Kiln) Load() {
	k.mu.Lock()
	k.pieces++
	k.mu.Unlock()
	k.loaded.Signal()
}

// Close wakes the kiln's one waiter: each kiln is tended by its own goroutine.
func (k *Kiln) Close() {
	k.mu.Lock()
	k.closed = true
	k.mu.Unlock()
	k.loaded.Signal()
}

// Studio starts one tender per kiln, handing each its own index.
type Studio struct {
	kilns []*Kiln
	fired chan int
}

func NewStudio(n int) *Studio {
	s := &Studio{fired: make(chan int, n)}
	for i := 0; i < n; i++ {
		s.kilns = append(s.kilns, NewKiln())
	}
	for i := range s.kilns {
		go s.tend(i)
	}
	return s
}

func (s *Studio) tend(i int) {
	s.fire(i, 12)
}

func (s *Studio) fire(i, pieces int) {
	kiln := s.kilns[i]
	if kiln.Await(pieces) {
		s.fired <- i
	}
}

func (s *Studio) Close() {
	for _, k := range s.kilns {
		k.Close()
	}
}
