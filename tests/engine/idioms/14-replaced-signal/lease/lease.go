package lease

import (
	"errors"
	"sync"
)

// run: c := &flakyConn{failures: 1}; h, err := Acquire(c); if err == nil { _ = h.Put("k", "v"); h.Release() }

// ErrExpired is what a store answers once a lease it granted has lapsed.
var ErrExpired = errors.New("lease: expired")

// Conn is a session with a lease-granting store.
type Conn interface {
	Grant() (id int, err error)
	KeepAlive(id int) error
	Put(id int, key, value string) error
}

// Holder keeps one lease alive and writes under it.
type Holder struct {
	conn Conn

	mu    sync.Mutex
	id    int
	stopc chan struct{}
}

// Acquire grants a lease and keeps it alive until Release.
func Acquire(conn Conn) (*Holder, error) {
	h := &Holder{conn: conn}
	if err := h.grant(); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Holder) grant() error {
	id, err := h.conn.Grant()
	if err != nil {
		return err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.id = id
	h.stopc = make(chan struct{})
	go h.renew(id, h.stopc)
	return nil
}

// Put writes under the lease, taking a new one when the store says it lapsed.
func (h *Holder) Put(key, value string) error {
	h.mu.Lock()
	id := h.id
	h.mu.Unlock()
	err := h.conn.Put(id, key, value)
	if !errors.Is(err, ErrExpired) {
		return err
	}
	if err := h.grant(); err != nil {
		return err
	}
	h.mu.Lock()
	id = h.id
	h.mu.Unlock()
	return h.conn.Put(id, key, value)
}

// Release stops keeping the lease alive.
func (h *Holder) Release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	close(h.stopc)
}
