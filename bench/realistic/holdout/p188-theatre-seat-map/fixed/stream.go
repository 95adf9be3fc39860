package seatmap

import "sync"

// Update describes seat changes. The first update a watcher receives is
// the Full map; later ones carry only the seats that changed.
type Update struct {
	Performance string
	Version     uint64
	Full        bool
	Seats       map[SeatID]Status
}

// Conn is a buyer's live connection, typically a WebSocket.
type Conn interface {
	Send(u Update) error
}

// subscriber feeds one buyer's connection from its own queue so that a
// slow connection never holds up the seat map.
type subscriber struct {
	buyer string
	conn  Conn
	queue chan Update
	quit  chan struct{}
	once  sync.Once
}

func (s *subscriber) stop() {
	s.once.Do(func() { close(s.quit) })
}

// Watch streams the seat map to buyer over conn: the full map first, then
// every change until Unwatch, Close or a failed send. A buyer has one
// stream; watching again, as a browser does when it reconnects, makes the
// new connection the buyer's stream.
func (m *Map) Watch(buyer string, conn Conn) error {
	sub := &subscriber{
		buyer: buyer,
		conn:  conn,
		queue: make(chan Update, m.cfg.QueueLen),
		quit:  make(chan struct{}),
	}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	if old, ok := m.subs[buyer]; ok {
		old.stop()
	}
	m.subs[buyer] = sub
	full := make(map[SeatID]Status, len(m.status))
	for id, st := range m.status {
		full[id] = st
	}
	sub.queue <- Update{Performance: m.cfg.Performance, Version: m.version, Full: true, Seats: full}
	m.mu.Unlock()

	go m.pump(sub)
	return nil
}

// pump delivers queued updates to the buyer's connection.
func (m *Map) pump(sub *subscriber) {
	for {
		select {
		case u := <-sub.queue:
			if err := sub.conn.Send(u); err != nil {
				m.drop(sub)
				return
			}
		case <-sub.quit:
			return
		}
	}
}

// publishLocked queues u for every watcher. A watcher whose queue is full
// has fallen too far behind and is dropped; its buyer reconnects and gets
// a fresh full map.
func (m *Map) publishLocked(u Update) {
	for buyer, sub := range m.subs {
		select {
		case sub.queue <- u:
		default:
			delete(m.subs, buyer)
			sub.stop()
		}
	}
}

// drop removes sub unless the buyer has already replaced it.
func (m *Map) drop(sub *subscriber) {
	m.mu.Lock()
	if m.subs[sub.buyer] == sub {
		delete(m.subs, sub.buyer)
	}
	m.mu.Unlock()
	sub.stop()
}

// Unwatch ends buyer's stream.
func (m *Map) Unwatch(buyer string) {
	m.mu.Lock()
	sub, ok := m.subs[buyer]
	delete(m.subs, buyer)
	m.mu.Unlock()
	if ok {
		sub.stop()
	}
}

// Close ends every stream and refuses new holds and watchers.
func (m *Map) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	m.closed = true
	for buyer, sub := range m.subs {
		delete(m.subs, buyer)
		sub.stop()
	}
}
