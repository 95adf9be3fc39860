package conveyor

import (
	"sync"
)

// Diner receives the plates that arrive at a seat. The tablet UI and the
// seat's indicator light implement it.
type Diner interface {
	Serve(p Plate)
}

// seat is one occupied place at the counter. Plates for the seat queue on
// its lane and are handed to the diner in order by the seat's goroutine.
type seat struct {
	number int
	diner  Diner
	lane   chan Plate
	bill   Bill
	done   chan struct{}
}

func (s *seat) run() {
	defer close(s.done)
	for p := range s.lane {
		s.diner.Serve(p)
	}
}

// Belt carries plates from the kitchen pass to the seats. Plates whose
// seat is empty or whose lane is full keep circulating and are counted as
// missed.
type Belt struct {
	laneSize int

	mu     sync.Mutex
	seats  map[int]*seat
	missed int
	closed bool
}

// NewBelt returns a belt whose seats buffer up to laneSize plates each.
func NewBelt(laneSize int) *Belt {
	if laneSize <= 0 {
		laneSize = 8
	}
	return &Belt{laneSize: laneSize, seats: make(map[int]*seat)}
}

// Sit occupies a seat and starts delivering plates for it to d.
func (b *Belt) Sit(number int, d Diner) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrClosed
	}
	if _, ok := b.seats[number]; ok {
		return ErrSeatTaken
	}
	s := &seat{
		number: number,
		diner:  d,
		lane:   make(chan Plate, b.laneSize),
		bill:   Bill{Seat: number, Plates: make(map[PlateColor]int)},
		done:   make(chan struct{}),
	}
	b.seats[number] = s
	go s.run()
	return nil
}

// Leave frees a seat and returns its bill. Plates for the seat that reach
// the pass afterwards go round uncollected.
func (b *Belt) Leave(number int) (Bill, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.seats[number]
	if !ok {
		return Bill{}, ErrSeatEmpty
	}
	delete(b.seats, number)
	close(s.lane)
	return s.bill, nil
}

// Put places a plate on the belt. It reports whether the plate reached an
// occupied seat.
func (b *Belt) Put(p Plate) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.seats[p.Seat]
	if !ok || b.closed {
		b.missed++
		return false
	}
	select {
	case s.lane <- p:
		s.bill.Plates[p.Color]++
		s.bill.Total += p.Color.Yen()
		return true
	default:
		b.missed++
		return false
	}
}

// Missed returns how many plates went round without being delivered.
func (b *Belt) Missed() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.missed
}

// Close stops the belt. Plates already in a lane are still served; Close
// returns once every occupied seat has been drained.
func (b *Belt) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	seats := make([]*seat, 0, len(b.seats))
	for n, s := range b.seats {
		close(s.lane)
		seats = append(seats, s)
		delete(b.seats, n)
	}
	b.mu.Unlock()
	for _, s := range seats {
		<-s.done
	}
}
