package outbox

import (
	"context"
	"fmt"
)

func (m *Mailer) worker() {
	defer m.wg.Done()
	for msg := range m.jobs {
		m.deliver(msg)
	}
}

func (m *Mailer) deliver(msg Message) {
	ctx, cancel := context.WithTimeout(context.Background(), m.cfg.SendTimeout)
	defer cancel()
	err := m.transport.Send(ctx, msg)

	m.mu.Lock()
	defer m.mu.Unlock()
	if err != nil {
		m.spool.Add(msg, err)
		m.stats.Spooled++
		return
	}
	m.stats.Sent++
}

// Close stops taking messages, lets the workers send what is queued, and makes
// the spool durable.
func (m *Mailer) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return ErrClosed
	}
	m.closed = true
	m.mu.Unlock()

	close(m.jobs)
	m.wg.Wait()
	if err := m.spool.Flush(); err != nil {
		return fmt.Errorf("outbox: flush spool: %w", err)
	}
	return nil
}
