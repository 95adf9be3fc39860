package featurestore

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// job asks for view to be materialized up to the given time.
type job struct {
	view  FeatureView
	until time.Time
}

// materializer copies rows from the offline source into the online store.
// A single worker runs jobs in order so watermarks only move forward.
type materializer struct {
	src       OfflineSource
	dst       OnlineStore
	batchSize int
	logf      func(format string, args ...interface{})

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu         sync.Mutex
	notEmpty   *sync.Cond
	idle       *sync.Cond
	queue      []job
	pending    int // queued plus in progress
	closed     bool
	watermarks map[string]time.Time
	lastErr    map[string]error
}

func newMaterializer(src OfflineSource, dst OnlineStore, batchSize int, logf func(string, ...interface{})) *materializer {
	ctx, cancel := context.WithCancel(context.Background())
	m := &materializer{src: src, dst: dst, batchSize: batchSize, logf: logf, ctx: ctx, cancel: cancel,
		watermarks: make(map[string]time.Time), lastErr: make(map[string]error)}
	m.notEmpty = sync.NewCond(&m.mu)
	m.idle = sync.NewCond(&m.mu)
	m.wg.Add(1)
	go m.run()
	return m
}

// enqueue schedules j. A job for a view that is already queued is merged
// into the queued one.
func (m *materializer) enqueue(j job) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return ErrClosed
	}
	for i := range m.queue {
		if m.queue[i].view.Name == j.view.Name {
			if j.until.After(m.queue[i].until) {
				m.queue[i].until = j.until
			}
			return nil
		}
	}
	m.queue = append(m.queue, j)
	m.pending++
	m.notEmpty.Signal()
	return nil
}

func (m *materializer) run() {
	defer m.wg.Done()
	for {
		m.mu.Lock()
		for len(m.queue) == 0 && !m.closed {
			m.notEmpty.Wait()
		}
		if m.closed {
			m.mu.Unlock()
			return
		}
		j := m.queue[0]
		m.queue = m.queue[1:]
		m.mu.Unlock()

		err := m.materialize(m.ctx, j)
		if err != nil {
			m.logf("featurestore: %v", err)
		}

		m.mu.Lock()
		m.lastErr[j.view.Name] = err
		m.pending--
		if m.pending == 0 {
			m.idle.Broadcast()
		}
		m.mu.Unlock()
	}
}

func (m *materializer) materialize(ctx context.Context, j job) error {
	m.mu.Lock()
	since := m.watermarks[j.view.Name]
	m.mu.Unlock()
	if !j.until.After(since) {
		return nil
	}

	rows, err := m.src.Pull(ctx, j.view, since, j.until)
	if err != nil {
		return fmt.Errorf("materialize %s up to %s: pull: %w", j.view.Name, j.until.Format(time.RFC3339), err)
	}
	for start := 0; start < len(rows); start += m.batchSize {
		end := start + m.batchSize
		if end > len(rows) {
			end = len(rows)
		}
		if err := m.dst.Put(ctx, rows[start:end]); err != nil {
			return fmt.Errorf("materialize %s: write rows %d-%d: %w", j.view.Name, start, end, err)
		}
	}

	m.mu.Lock()
	m.watermarks[j.view.Name] = j.until
	m.mu.Unlock()
	return nil
}

// wait blocks until no jobs are queued or running, or ctx is done.
func (m *materializer) wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		m.mu.Lock()
		for m.pending > 0 {
			m.idle.Wait()
		}
		m.mu.Unlock()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// status returns the watermark and last error for a view.
func (m *materializer) status(view string) (time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.watermarks[view], m.lastErr[view]
}

// close stops the worker. Queued jobs are abandoned and the running one is
// cancelled.
func (m *materializer) close() {
	m.mu.Lock()
	m.closed = true
	m.pending -= len(m.queue)
	m.queue = nil
	m.notEmpty.Broadcast()
	m.idle.Broadcast()
	m.mu.Unlock()
	m.cancel()
	m.wg.Wait()
}
