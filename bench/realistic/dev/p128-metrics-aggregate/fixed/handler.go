package exporter

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

const contentType = "text/plain; version=0.0.4; charset=utf-8"

// ServeHTTP scrapes the targets and writes the aggregate.
func (e *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	families := e.Collect(r.Context())
	w.Header().Set("Content-Type", contentType)
	if r.Method == http.MethodHead {
		return
	}
	body := render(families)
	defer body.Close()
	if _, err := io.Copy(w, body); err != nil {
		e.logf("exporter: write response: %v", err)
	}
}

// Push scrapes the targets and POSTs the aggregate to a push gateway.
func (e *Exporter) Push(ctx context.Context, client *http.Client, url string) error {
	body := render(e.Collect(ctx))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, body)
	if err != nil {
		body.Close()
		return fmt.Errorf("exporter: push: %w", err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("exporter: push: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("exporter: push: gateway answered %s", resp.Status)
	}
	return nil
}
