package liftgate

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// HubConfig configures a Hub.
type HubConfig struct {
	Uploader ScanUploader
	Reporter QueueReporter
	// Capacity is each lift's uphill capacity in riders per minute, used to
	// estimate waiting times.
	Capacity map[string]int
}

// Hub coordinates the gates of a resort.
type Hub struct {
	cfg HubConfig

	mu    sync.Mutex
	gates map[string]*Gate
}

// SyncReport summarises a SyncOffline round.
type SyncReport struct {
	Uploaded int
	Skipped  []string // gates already being synced
	Failed   []string
}

// NewHub returns an empty Hub.
func NewHub(cfg HubConfig) *Hub {
	return &Hub{cfg: cfg, gates: make(map[string]*Gate)}
}

// AddGate registers a gate with the hub.
func (h *Hub) AddGate(g *Gate) {
	h.mu.Lock()
	h.gates[g.ID] = g
	h.mu.Unlock()
}

func (h *Hub) gateList() []*Gate {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]*Gate, 0, len(h.gates))
	for _, g := range h.gates {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SyncGate uploads one gate's offline scans, e.g. as soon as the gate
// reconnects.
func (h *Hub) SyncGate(ctx context.Context, id string) error {
	h.mu.Lock()
	g, ok := h.gates[id]
	h.mu.Unlock()
	if !ok {
		return fmt.Errorf("sync gate %s: no such gate", id)
	}
	scans, ok := g.beginSync()
	if !ok {
		return nil
	}
	err := h.cfg.Uploader.UploadScans(ctx, g.ID, scans)
	g.endSync(len(scans), err)
	if err != nil {
		return fmt.Errorf("sync gate %s: %w", id, err)
	}
	return nil
}

// SyncOffline uploads the offline scans of every gate that has some, in
// parallel. It returns when all uploads are done or ctx ends, whichever is
// first; uploads still running then finish in the background.
func (h *Hub) SyncOffline(ctx context.Context) (SyncReport, error) {
	var gates []*Gate
	for _, g := range h.gateList() {
		if g.Backlog() > 0 {
			gates = append(gates, g)
		}
	}

	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		rep SyncReport
	)
	wg.Add(len(gates))
	for _, g := range gates {
		scans, ok := g.beginSync()
		if !ok {
			mu.Lock()
			rep.Skipped = append(rep.Skipped, g.ID)
			mu.Unlock()
			continue
		}
		go func(g *Gate, scans []Scan) {
			defer wg.Done()
			err := h.cfg.Uploader.UploadScans(ctx, g.ID, scans)
			g.endSync(len(scans), err)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				rep.Failed = append(rep.Failed, g.ID)
				return
			}
			rep.Uploaded += len(scans)
		}(g, scans)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: counter never reaches zero
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		return SyncReport{}, fmt.Errorf("sync offline gates: %w", ctx.Err())
	}
	if len(rep.Failed) > 0 {
		return rep, fmt.Errorf("sync offline gates: %d of %d failed", len(rep.Failed), len(gates))
	}
	return rep, nil
}

// ReportQueues publishes the number of riders waiting at each lift and an
// estimate of the wait.
func (h *Hub) ReportQueues(ctx context.Context) error {
	if h.cfg.Reporter == nil {
		return errors.New("liftgate: no queue reporter configured")
	}
	waiting := make(map[string]int)
	var lifts []string
	for _, g := range h.gateList() {
		g.mu.Lock()
		n := g.waiting
		g.mu.Unlock()
		if _, seen := waiting[g.Lift]; !seen {
			lifts = append(lifts, g.Lift)
		}
		waiting[g.Lift] += n
	}
	for _, lift := range lifts {
		var wait time.Duration
		if c := h.cfg.Capacity[lift]; c > 0 {
			wait = time.Duration(waiting[lift]) * time.Minute / time.Duration(c)
		}
		if err := h.cfg.Reporter.ReportQueue(ctx, lift, waiting[lift], wait); err != nil {
			return fmt.Errorf("report queue for %s: %w", lift, err)
		}
	}
	return nil
}
