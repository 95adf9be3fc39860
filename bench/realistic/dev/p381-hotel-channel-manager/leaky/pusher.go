package channelmgr

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// siteWorker owns the update queue of one site connector.
type siteWorker struct {
	name  string
	site  Site
	queue chan Availability
	done  chan struct{}
}

func newSiteWorker(site Site, queueSize int) *siteWorker {
	return &siteWorker{
		name:  site.Name(),
		site:  site,
		queue: make(chan Availability, queueSize),
		done:  make(chan struct{}),
	}
}

// temporary is implemented by connector errors that are worth retrying.
type temporary interface {
	Temporary() bool
}

// runPusher delivers the updates queued for w until its queue is closed.
func (m *Manager) runPusher(w *siteWorker) {
	defer close(w.done)
	for first := range w.queue { // leak: replaced connector's queue is dropped from the map but never closed
		batch := m.collect(w, first)
		if err := m.push(w, batch); err != nil {
			m.log.Printf("channelmgr: dropping %d updates for %s: %v", len(batch), w.name, err)
		}
	}
}

// collect gathers the updates that are already waiting behind first, up to
// the batch size, keeping only the latest update for each room night.
func (m *Manager) collect(w *siteWorker, first Availability) []Availability {
	batch := []Availability{first}
	index := map[string]int{first.key(): 0}
	for len(batch) < m.batchSize {
		select {
		case u, ok := <-w.queue:
			if !ok {
				return batch
			}
			if i, dup := index[u.key()]; dup {
				batch[i] = u
				continue
			}
			index[u.key()] = len(batch)
			batch = append(batch, u)
		default:
			return batch
		}
	}
	return batch
}

// push sends one batch, retrying temporary failures.
func (m *Manager) push(w *siteWorker, batch []Availability) error {
	var err error
	for attempt := 1; attempt <= m.pushAttempts; attempt++ {
		ctx, cancel := context.WithTimeout(context.Background(), m.pushTimeout)
		err = w.site.PushAvailability(ctx, batch)
		cancel()
		if err == nil {
			return nil
		}
		var t temporary
		if !errors.As(err, &t) || !t.Temporary() || attempt == m.pushAttempts {
			break
		}
		time.Sleep(time.Duration(attempt) * m.retryDelay)
	}
	return fmt.Errorf("push to %s: %w", w.name, err)
}
