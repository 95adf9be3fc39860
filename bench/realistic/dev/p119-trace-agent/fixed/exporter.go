package traceagent

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sync"
)

// Exporter delivers a batch of spans to a collector.
type Exporter interface {
	Export(ctx context.Context, spans []Span) error
}

// StreamExporter writes each batch as one JSON line to a connection-like
// writer, such as a TCP connection to a collector.
type StreamExporter struct {
	mu sync.Mutex
	w  io.Writer
}

// NewStreamExporter returns an exporter writing to w.
func NewStreamExporter(w io.Writer) *StreamExporter {
	return &StreamExporter{w: w}
}

type envelope struct {
	Spans []Span `json:"spans"`
}

// Export implements Exporter.
func (e *StreamExporter) Export(ctx context.Context, spans []Span) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	line, err := json.Marshal(envelope{Spans: spans})
	if err != nil {
		return fmt.Errorf("export: encode: %w", err)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.w.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}
