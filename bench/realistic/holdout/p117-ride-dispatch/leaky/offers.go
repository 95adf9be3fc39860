package dispatch

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// errUnknownOffer is returned for replies to offers that were withdrawn or
// never existed.
var errUnknownOffer = errors.New("unknown or withdrawn offer")

// Offer is a proposal sent to a single driver.
type Offer struct {
	ID        string
	RideID    string
	RiderID   string
	DriverID  string
	Pickup    Location
	ExpiresAt time.Time
}

// Reply is a driver's answer to an offer.
type Reply struct {
	OfferID  string
	DriverID string
	Accepted bool
}

// Match is the result of a successful dispatch.
type Match struct {
	RideID   string
	DriverID string
	OfferID  string
	Attempts int
}

type openOffer struct {
	offer Offer
	reply chan Reply
}

// offerBook tracks outstanding offers and which drivers are currently
// considering one, so that a driver never sees two offers at once.
type offerBook struct {
	mu      sync.Mutex
	byID    map[string]*openOffer
	engaged map[string]string // driver ID -> offer ID
}

func newOfferBook() *offerBook {
	return &offerBook{
		byID:    make(map[string]*openOffer),
		engaged: make(map[string]string),
	}
}

// open registers o and returns the channel its reply will arrive on. It
// reports false if the driver is already engaged with another offer.
func (b *offerBook) open(o Offer) (<-chan Reply, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, busy := b.engaged[o.DriverID]; busy {
		return nil, false
	}
	oo := &openOffer{offer: o, reply: make(chan Reply)}
	b.byID[o.ID] = oo
	b.engaged[o.DriverID] = o.ID
	return oo.reply, true
}

// releaseDriver makes the driver eligible for new offers again.
func (b *offerBook) releaseDriver(driverID string) {
	b.mu.Lock()
	delete(b.engaged, driverID)
	b.mu.Unlock()
}

// withdraw forgets the given offers; later replies to them are dropped.
func (b *offerBook) withdraw(ids ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, id := range ids {
		if oo, ok := b.byID[id]; ok {
			delete(b.byID, id)
			if b.engaged[oo.offer.DriverID] == id {
				delete(b.engaged, oo.offer.DriverID)
			}
		}
	}
}

// deliver passes r to the request waiting on its offer. Each offer accepts
// at most one reply.
func (b *offerBook) deliver(r Reply) error {
	b.mu.Lock()
	oo, ok := b.byID[r.OfferID]
	if ok && oo.offer.DriverID == r.DriverID {
		delete(b.byID, r.OfferID)
	}
	b.mu.Unlock()

	if !ok {
		return fmt.Errorf("offer %s: %w", r.OfferID, errUnknownOffer)
	}
	if oo.offer.DriverID != r.DriverID {
		return fmt.Errorf("offer %s was sent to %s, not %s", r.OfferID, oo.offer.DriverID, r.DriverID)
	}
	oo.reply <- r // leak: unbuffered reply channel, requester already moved past this expired offer
	return nil
}
