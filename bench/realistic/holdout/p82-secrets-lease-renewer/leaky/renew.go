package leases

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// run drives the renew/rotate cycle until the Manager is closed.
func (m *Manager) run(ctx context.Context) {
	defer close(m.done)
	failures := 0
	for {
		wait, err := m.step(ctx)
		if ctx.Err() != nil {
			return
		}
		m.mu.Lock()
		m.lastErr = err
		m.mu.Unlock()
		if err != nil {
			failures++
			wait = m.backoff(failures)
		} else {
			failures = 0
		}
		select {
		case <-ctx.Done():
			return
		case <-m.cfg.Clock.After(wait):
		}
	}
}

// step performs one renewal or rotation and returns how long to wait before
// the next one.
func (m *Manager) step(ctx context.Context) (time.Duration, error) {
	m.mu.Lock()
	cur, lease := m.cur, m.lease
	m.mu.Unlock()

	if cur == nil || !lease.Renewable {
		return m.rotate(ctx)
	}
	renewed, err := m.cfg.Backend.Renew(ctx, lease.ID, m.cfg.Increment)
	if err != nil {
		if m.cfg.Clock.Now().Add(m.cfg.MinBackoff).After(cur.ExpiresAt) {
			// No time left to keep retrying the renewal; switch to a
			// fresh credential before the old one stops working.
			return m.rotate(ctx)
		}
		return 0, fmt.Errorf("renew lease %s: %w", lease.ID, err)
	}

	expires := m.cfg.Clock.Now().Add(renewed.TTL)
	m.mu.Lock()
	m.lease = renewed
	m.cur.ExpiresAt = expires
	m.mu.Unlock()

	if renewed.TTL < m.cfg.Increment {
		// The lease is capped by its maximum TTL and cannot be extended
		// much further. Rotate once most of the remainder has been used.
		m.mu.Lock()
		m.lease.Renewable = false
		m.mu.Unlock()
	}
	return m.renewDelay(renewed.TTL), nil
}

// rotate issues a new credential and makes it current.
func (m *Manager) rotate(ctx context.Context) (time.Duration, error) {
	s, err := m.cfg.Backend.Issue(ctx, m.cfg.Role)
	if err != nil {
		return 0, fmt.Errorf("issue credential for role %q: %w", m.cfg.Role, err)
	}
	if s.Lease.TTL <= 0 {
		return 0, fmt.Errorf("issue credential for role %q: %w", m.cfg.Role, errBadLease)
	}
	now := m.cfg.Clock.Now()
	next := &Credential{
		Username:  s.Username,
		Password:  s.Password,
		LeaseID:   s.Lease.ID,
		IssuedAt:  now,
		ExpiresAt: now.Add(s.Lease.TTL),
	}

	m.mu.Lock()
	old, oldLease := m.cur, m.lease
	m.cur, m.lease = next, s.Lease
	m.cond.Broadcast()
	m.mu.Unlock()

	if old != nil {
		if m.cfg.OnRotate != nil {
			m.cfg.OnRotate(*old, *next)
		}
		if m.cfg.RevokeOnRotate && oldLease.ID != "" {
			// Best effort: the old lease expires on its own anyway.
			_ = m.cfg.Backend.Revoke(ctx, oldLease.ID)
		}
	}
	return m.renewDelay(s.Lease.TTL), nil
}

var errBadLease = errors.New("engine returned a lease without a TTL")

// renewDelay is how long to wait before renewing a lease with the given TTL.
func (m *Manager) renewDelay(ttl time.Duration) time.Duration {
	return time.Duration(float64(ttl) * m.cfg.RenewAt)
}

// backoff returns the delay after the given number of consecutive failures.
func (m *Manager) backoff(failures int) time.Duration {
	d := m.cfg.MinBackoff
	for i := 1; i < failures && d < m.cfg.MaxBackoff; i++ {
		d *= 2
	}
	if d > m.cfg.MaxBackoff {
		d = m.cfg.MaxBackoff
	}
	return d
}
