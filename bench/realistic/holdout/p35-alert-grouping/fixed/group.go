package alerting

import (
	"context"
	"fmt"
	"sync"
	"time"
)

type group struct {
	m      *Manager
	key    string
	cancel context.CancelFunc

	mu     sync.Mutex
	alerts map[string]Alert
}

func newGroup(m *Manager, key string, cancel context.CancelFunc) *group {
	return &group{m: m, key: key, cancel: cancel, alerts: make(map[string]Alert)}
}

func (g *group) add(a Alert) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.alerts[a.fingerprint()] = a
}

func (g *group) empty() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.alerts) == 0
}

func (g *group) run(ctx context.Context) {
	timer := time.NewTimer(g.m.groupWait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
			g.flush(ctx)
			timer.Reset(g.m.groupInterval)
		}
	}
}

// flush notifies the current state of the group. Resolved alerts are dropped once
// they have been notified successfully.
func (g *group) flush(ctx context.Context) {
	n := Notification{GroupKey: g.key}
	g.mu.Lock()
	for _, a := range g.alerts {
		if a.Resolved {
			n.Resolved = append(n.Resolved, a)
		} else {
			n.Firing = append(n.Firing, a)
		}
	}
	g.mu.Unlock()
	if len(n.Firing)+len(n.Resolved) == 0 {
		return
	}

	if err := g.m.notify(ctx, n); err != nil {
		g.m.onError(fmt.Errorf("alerting: notify group %q: %w", g.key, err))
		return
	}

	g.mu.Lock()
	for _, a := range n.Resolved {
		fp := a.fingerprint()
		if cur, ok := g.alerts[fp]; ok && cur.Resolved {
			delete(g.alerts, fp)
		}
	}
	g.mu.Unlock()
	g.m.removeIfEmpty(g)
}
