package tickserver

import "fmt"

// player is the server-side state of one connected client. Fields other than
// inputs and conn are guarded by Server.mu.
type player struct {
	id     PlayerID
	conn   Conn
	inputs chan Input    // filled by Submit, drained by the tick loop
	out    chan Snapshot // latest snapshot for the writer, capacity 1

	lastSeq       uint32
	lastInputTick uint64
	droppedInputs int
	closed        bool
}

func newPlayer(id PlayerID, conn Conn, queue int, tick uint64) *player {
	return &player{
		id:            id,
		conn:          conn,
		inputs:        make(chan Input, queue),
		out:           make(chan Snapshot, 1),
		lastInputTick: tick,
	}
}

// offer queues snap for the writer, replacing an unsent older snapshot: a
// slow client should see the newest state, not a backlog. Caller holds
// Server.mu.
func (p *player) offer(snap Snapshot) {
	if p.closed {
		return
	}
	select {
	case p.out <- snap:
		return
	default:
	}
	select {
	case <-p.out:
	default:
	}
	p.out <- snap
}

// drainInputs applies up to limit queued inputs to g and reports how many were
// applied. Caller holds Server.mu.
func (p *player) drainInputs(g Game, limit int) int {
	n := 0
	for n < limit {
		select {
		case in := <-p.inputs:
			if in.Seq <= p.lastSeq {
				continue // duplicate or reordered resend
			}
			g.Apply(p.id, in)
			p.lastSeq = in.Seq
			n++
		default:
			return n
		}
	}
	return n
}

// close stops the writer and closes the transport. Caller holds Server.mu.
func (p *player) close() {
	if p.closed {
		return
	}
	p.closed = true
	close(p.out)
	_ = p.conn.Close()
}

// writeLoop sends snapshots to the client until the player is closed. A
// failed write disconnects the player.
func (p *player) writeLoop(s *Server) {
	for snap := range p.out {
		if err := p.conn.WriteSnapshot(snap); err != nil {
			s.disconnect(p, fmt.Errorf("tickserver: write snapshot %d to %s: %w", snap.Tick, p.id, err))
		}
	}
}
