package tunnel

import (
	"context"
	"fmt"
	"math/rand"
	"time"
)

// run is the maintenance loop: connect, serve until the session ends, back
// off, repeat.
func (m *Manager) run(ctx context.Context) {
	defer close(m.done)
	attempt := 0
	for {
		wasUp, err := m.session(ctx)
		if ctx.Err() != nil {
			m.setState(StateClosed, nil)
			return
		}
		if wasUp {
			attempt = 0
		}
		attempt++
		if m.cfg.MaxAttempts > 0 && attempt >= m.cfg.MaxAttempts {
			m.setState(StateFailed, err)
			return
		}
		m.setState(StateReconnecting, err)
		if !sleepCtx(ctx, m.backoff(attempt)) {
			m.setState(StateClosed, nil)
			return
		}
	}
}

// session dials, handshakes and serves one session. wasUp reports whether
// the tunnel came up before the session ended.
func (m *Manager) session(ctx context.Context) (wasUp bool, err error) {
	hctx, cancel := context.WithTimeout(ctx, m.cfg.HandshakeTimeout)
	defer cancel()
	conn, err := m.cfg.Dialer.Dial(hctx, m.cfg.Endpoint)
	if err != nil {
		return false, fmt.Errorf("tunnel: dial %s: %w", m.cfg.Endpoint, err)
	}
	defer conn.Close()

	keys, err := m.nextKeys()
	if err != nil {
		return false, err
	}
	if err := conn.Handshake(hctx, keys); err != nil {
		return false, fmt.Errorf("tunnel: handshake with %s: %w", m.cfg.Endpoint, err)
	}
	m.setState(StateUp, nil)
	return true, m.serve(ctx, conn)
}

// serve sends keepalives and rotates keys until ctx is done or the peer
// stops answering.
func (m *Manager) serve(ctx context.Context, conn Conn) error {
	keepalive := time.NewTicker(m.cfg.KeepaliveInterval)
	defer keepalive.Stop()
	rekey := time.NewTicker(m.cfg.RekeyInterval)
	defer rekey.Stop()

	missed := 0
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-keepalive.C:
			kctx, cancel := context.WithTimeout(ctx, m.cfg.KeepaliveTimeout)
			err := conn.Keepalive(kctx)
			cancel()
			if err == nil {
				missed = 0
				continue
			}
			missed++
			if missed >= m.cfg.MaxMissedKeepalives {
				return fmt.Errorf("%w: %d keepalives missed: %v", ErrPeerUnresponsive, missed, err)
			}
		case <-rekey.C:
			keys, err := m.nextKeys()
			if err != nil {
				return err
			}
			if err := conn.Rekey(ctx, keys); err != nil {
				return fmt.Errorf("tunnel: rekey to epoch %d: %w", keys.Epoch, err)
			}
		}
	}
}

// backoff returns an exponentially growing delay with jitter in [d/2, d).
func (m *Manager) backoff(attempt int) time.Duration {
	d := m.cfg.MinBackoff
	for i := 1; i < attempt && d < m.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > m.cfg.MaxBackoff {
		d = m.cfg.MaxBackoff
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + time.Duration(rand.Int63n(int64(half)))
}

// sleepCtx waits for d and reports whether it elapsed before ctx was done.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
