package pricefeed

import (
	"sort"
	"sync"
	"time"
)

// Level is the best price one venue shows on one side.
type Level struct {
	Venue string
	Price float64
	Size  float64
	Time  time.Time
}

// InstrumentBook holds the consolidated top of book of one instrument.
type InstrumentBook struct {
	Instrument string
	// Bids is sorted best (highest) first, Asks best (lowest) first.
	Bids []Level
	Asks []Level
}

// Snapshot is a consistent copy of the consolidated book.
type Snapshot struct {
	Seq   uint64
	Books []InstrumentBook
}

// book is the consolidated book shared by the venue consumers and the
// publisher. Updates are conflated: the publisher always sees the latest
// state, never every intermediate one.
type book struct {
	mu      sync.Mutex
	changed *sync.Cond
	seq     uint64
	closed  bool
	// levels[instrument][side][venue]
	levels map[string]map[Side]map[string]Level
}

func newBook() *book {
	b := &book{levels: make(map[string]map[Side]map[string]Level)}
	b.changed = sync.NewCond(&b.mu)
	return b
}

// apply records q and wakes the publisher.
func (b *book) apply(q Quote) {
	b.mu.Lock()
	defer b.mu.Unlock()
	sides, ok := b.levels[q.Instrument]
	if !ok {
		sides = map[Side]map[string]Level{Bid: {}, Ask: {}}
		b.levels[q.Instrument] = sides
	}
	if q.Size == 0 {
		delete(sides[q.Side], q.Venue)
	} else {
		sides[q.Side][q.Venue] = Level{Venue: q.Venue, Price: q.Price, Size: q.Size, Time: q.Time}
	}
	b.seq++
	b.changed.Broadcast()
}

// dropVenue removes every level of venue, for instance after its feed went
// down and its prices can no longer be trusted.
func (b *book) dropVenue(venue string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, sides := range b.levels {
		delete(sides[Bid], venue)
		delete(sides[Ask], venue)
	}
	b.seq++
	b.changed.Broadcast()
}

// close wakes the publisher for good.
func (b *book) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.changed.Broadcast()
}

// waitNewer blocks until the book is newer than seq and returns a snapshot.
// It returns false once the book is closed.
func (b *book) waitNewer(seq uint64) (Snapshot, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.seq <= seq && !b.closed {
		b.changed.Wait() // leak: nobody broadcasts once Run gives up early
	}
	if b.closed {
		return Snapshot{}, false
	}
	return b.snapshotLocked(), true
}

func (b *book) snapshotLocked() Snapshot {
	snap := Snapshot{Seq: b.seq, Books: make([]InstrumentBook, 0, len(b.levels))}
	for name, sides := range b.levels {
		ib := InstrumentBook{Instrument: name}
		for _, l := range sides[Bid] {
			ib.Bids = append(ib.Bids, l)
		}
		for _, l := range sides[Ask] {
			ib.Asks = append(ib.Asks, l)
		}
		sort.Slice(ib.Bids, func(i, j int) bool { return better(ib.Bids[i], ib.Bids[j], true) })
		sort.Slice(ib.Asks, func(i, j int) bool { return better(ib.Asks[i], ib.Asks[j], false) })
		snap.Books = append(snap.Books, ib)
	}
	sort.Slice(snap.Books, func(i, j int) bool { return snap.Books[i].Instrument < snap.Books[j].Instrument })
	return snap
}

// better orders levels by price, then by venue name so that
// snapshots are deterministic.
func better(a, b Level, bid bool) bool {
	if a.Price != b.Price {
		if bid {
			return a.Price > b.Price
		}
		return a.Price < b.Price
	}
	return a.Venue < b.Venue
}
