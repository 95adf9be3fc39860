package mqproducer

import "sync"

// ackTracker remembers how many messages each published batch carried until
// the broker confirms it.
type ackTracker struct {
	mu      sync.Mutex
	waiting map[uint64]int
}

func (t *ackTracker) init() { t.waiting = make(map[uint64]int) }

func (t *ackTracker) expect(seq uint64, n int) {
	t.mu.Lock()
	t.waiting[seq] = n
	t.mu.Unlock()
}

func (t *ackTracker) confirm(seq uint64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, ok := t.waiting[seq]; !ok {
		return false
	}
	delete(t.waiting, seq)
	return true
}

// readAcks consumes the broker's acknowledgements until the transport closes
// its Acks channel.
func (p *Producer) readAcks() {
	defer close(p.ackDone)
	for ack := range p.tr.Acks() { // leak: Acks is only closed by Transport.Close, which Close skips when the final flush fails
		if !p.acks.confirm(ack.Seq) {
			continue // duplicate or unknown batch
		}
		if p.onAck != nil {
			p.onAck(ack)
		}
	}
}
