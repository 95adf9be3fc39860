package tunnel

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// tunnel is the runtime state of one configured tunnel. Its supervisor
// goroutine owns probing, rekeying and redialing.
type tunnel struct {
	cfg  Config
	stop chan struct{}
	done chan struct{}

	mu      sync.Mutex
	state   State
	sess    Session
	missed  int
	keyedAt time.Time
	lastErr error
}

// supervise runs the tunnel's maintenance loop until stop is closed.
func (m *Manager) supervise(t *tunnel, ticker Ticker) {
	defer close(t.done)
	defer ticker.Stop()
	for {
		select {
		case <-t.stop:
			return
		case <-ticker.C():
			m.tick(t)
		}
	}
}

// tick performs one maintenance step: probe and rekey a live session, or
// try to re-establish a dead one.
func (m *Manager) tick(t *tunnel) {
	t.mu.Lock()
	defer t.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), m.opTimeout)
	defer cancel()

	switch t.state {
	case StateDown:
		sess, err := m.dialer.Dial(ctx, t.cfg)
		if err != nil {
			t.lastErr = fmt.Errorf("redial: %w", err)
			return
		}
		t.sess, t.missed, t.keyedAt = sess, 0, m.clock.Now()
		m.setStateLocked(t, StateUp)
	case StateUp:
		if err := t.sess.Keepalive(ctx); err != nil {
			t.missed++
			t.lastErr = fmt.Errorf("keepalive: %w", err)
			if t.missed >= t.cfg.MaxMissedKeepalives {
				m.markDownLocked(t)
			}
			return
		}
		t.missed = 0
		if t.cfg.RekeyInterval > 0 && m.clock.Now().Sub(t.keyedAt) >= t.cfg.RekeyInterval {
			if err := t.sess.Rekey(ctx); err != nil {
				t.lastErr = fmt.Errorf("rekey: %w", err)
				m.markDownLocked(t)
				return
			}
			t.keyedAt = m.clock.Now()
		}
	}
}

// markDownLocked drops the current session; the supervisor redials on the
// following ticks.
func (m *Manager) markDownLocked(t *tunnel) {
	if err := t.sess.Close(); err != nil {
		t.lastErr = fmt.Errorf("%v (close: %v)", t.lastErr, err)
	}
	t.sess = nil
	m.setStateLocked(t, StateDown)
}

func (m *Manager) setStateLocked(t *tunnel, s State) {
	if t.state == s {
		return
	}
	t.state = s
	if m.onState != nil {
		m.onState(t.cfg.Name, s, t.lastErr)
	}
}
