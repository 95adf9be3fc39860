package proxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// probeLoop runs one health probe per request on b.probes.
func (p *Proxy) probeLoop(b *backend) {
	for range b.probes { // leak: prober of a backend dropped by SetBackends
		healthy := true
		if err := p.probe(b); err != nil {
			p.cfg.Logf("proxy: backend %s: probe failed: %v", b.name, err)
			healthy = false
		}
		b.breaker.ProbeResult(healthy)
	}
}

// probe performs a GET of the health path and fails on transport errors and
// non-2xx responses.
func (p *Proxy) probe(b *backend) error {
	ctx, cancel := context.WithTimeout(p.ctx, p.cfg.ProbeTimeout)
	defer cancel()

	u := *b.target
	u.Path = p.cfg.HealthPath
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("build probe request: %w", err)
	}
	resp, err := p.cfg.Transport.RoundTrip(req)
	if err != nil {
		return fmt.Errorf("probe %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("probe %s: unexpected status %s", u.Redacted(), resp.Status)
	}
	return nil
}
