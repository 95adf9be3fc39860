package lb

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

func (p *Pool) healthLoop(ctx context.Context) {
	defer close(p.loopDone)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		p.checkAll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// checkAll probes every backend in parallel and publishes state changes.
func (p *Pool) checkAll(ctx context.Context) {
	results := make([]error, len(p.backends))
	var wg sync.WaitGroup
	for i, b := range p.backends {
		wg.Add(1)
		go func(i int, b *backend) {
			defer wg.Done()
			results[i] = p.probe(ctx, b)
		}(i, b)
	}
	wg.Wait()
	for i, b := range p.backends {
		healthy := results[i] == nil
		if b.healthy.Swap(healthy) == healthy || p.onChange == nil {
			continue
		}
		select {
		case p.events <- Event{Backend: b.url.String(), Healthy: healthy}:
		case <-ctx.Done():
			return
		}
	}
}

func (p *Pool) probe(ctx context.Context, b *backend) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.url.String()+p.healthPath, nil)
	if err != nil {
		return fmt.Errorf("probe %s: %w", b.url, err)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", b.url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("probe %s: status %d", b.url, resp.StatusCode)
	}
	return nil
}
