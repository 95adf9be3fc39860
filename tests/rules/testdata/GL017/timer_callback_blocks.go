package holdexpiry

import (
	"errors"
	"sync"
	"time"
)

// run: b := NewBank(time.Millisecond); b.Reserve("c1", "ana"); _ = b.Fill("c1", 99); time.Sleep(100 * time.Millisecond)

var errTooBig = errors.New("parcel too big")

type slot struct {
	mu     sync.Mutex
	holder string
	size   int
	parcel int
}

// Bank hands out parcel slots and releases a hold when its time runs out.
type Bank struct {
	ttl   time.Duration
	slots map[string]*slot
}

func NewBank(ttl time.Duration) *Bank {
	return &Bank{ttl: ttl, slots: map[string]*slot{"c1": {size: 10}}}
}

// Reserve holds the slot for a courier until the hold expires.
func (b *Bank) Reserve(id, courier string) {
	s := b.slots[id]
	s.mu.Lock()
	s.holder = courier
	s.mu.Unlock()
	time.AfterFunc(b.ttl, func() { b.expire(s) })
}

// Fill puts a parcel in a reserved slot.
func (b *Bank) Fill(id string, size int) error {
	s := b.slots[id]
	s.mu.Lock() // want "`s.mu` stays locked when `Fill` returns at line 44"
	if size > s.size {
		return errTooBig
	}
	s.parcel = size
	s.mu.Unlock()
	return nil
}

func (b *Bank) expire(s *slot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holder = ""
}
