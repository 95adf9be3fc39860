package connpool

// needsFillLocked reports whether the maintainer should dial another
// connection to honour MinIdle. It never asks for more once the pool is
// closed or already at MaxOpen.
func (p *Pool) needsFillLocked() bool {
	if p.closed || p.cfg.MinIdle <= 0 {
		return false
	}
	if p.cfg.MaxOpen > 0 && p.numOpen >= p.cfg.MaxOpen {
		return false
	}
	return len(p.idle)+p.opening < p.cfg.MinIdle
}

// maintain keeps MinIdle warm connections in the idle list. It sleeps on
// p.fill until a connection is taken or closed, and backs off after a
// failed dial so that an unreachable database is not hammered.
func (p *Pool) maintain() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		for !p.needsFillLocked() {
			p.fill.Wait() // leak: needsFillLocked is false once closed, so Close's broadcast never ends this loop
		}
		if p.closed {
			return
		}

		p.numOpen++
		p.opening++
		p.mu.Unlock()
		c, err := p.cfg.Dialer.Dial(p.ctx)
		p.mu.Lock()
		p.opening--

		if err != nil {
			p.numOpen--
			p.lastDialErr = err
			p.mu.Unlock()
			select {
			case <-p.cfg.Clock.After(p.cfg.DialRetryBackoff):
			case <-p.closing:
			}
			p.mu.Lock()
			continue
		}
		if p.closed {
			p.numOpen--
			p.mu.Unlock()
			_ = c.Close()
			p.mu.Lock()
			continue
		}

		now := p.cfg.Clock.Now()
		pc := &PooledConn{Conn: c, createdAt: now, returnedAt: now}
		if !p.putLocked(pc) {
			p.mu.Unlock()
			_ = c.Close()
			p.mu.Lock()
		}
	}
}
