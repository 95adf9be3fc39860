package sessions

import (
	"context"
	"time"
)

// Manager expires idle sessions until its owner calls Kill: the server that holds the
// manager, in another package, calls it when it shuts down.
type Manager struct {
	Kill context.CancelFunc
	ctx  context.Context
	seen map[string]time.Time
}

func NewManager() *Manager {
	ctx, cancel := context.WithCancel(context.Background())
	m := &Manager{Kill: cancel, ctx: ctx, seen: map[string]time.Time{}}
	go m.expire()
	return m
}

func (m *Manager) expire() {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			m.seen = map[string]time.Time{}
		case <-m.ctx.Done():
			return
		}
	}
}
