package gc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// AuditSink stores audit reports, e.g. in object storage.
type AuditSink interface {
	// Upload stores the content read from r under name.
	Upload(ctx context.Context, name string, r io.Reader) error
}

// auditHeader is the first line of an audit report.
type auditHeader struct {
	Report
	Deleted int `json:"deleted"`
}

// publish streams rep to the audit sink as JSON lines: a header followed by
// one line per action. Reports can be large, so they are encoded while the
// sink reads them instead of being buffered in memory.
func (c *Collector) publish(ctx context.Context, rep *Report) error {
	name := fmt.Sprintf("gc/%s.jsonl", rep.StartedAt.UTC().Format("20060102T150405Z"))
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		pw.CloseWithError(writeReport(pw, rep))
	}()
	if err := c.cfg.Audit.Upload(ctx, name, pr); err != nil {
		return fmt.Errorf("gc: upload audit report %s: %w", name, err)
	}
	return nil
}

func writeReport(w io.Writer, rep *Report) error {
	enc := json.NewEncoder(w)
	if err := enc.Encode(auditHeader{Report: *rep, Deleted: rep.Deleted()}); err != nil {
		return fmt.Errorf("encode header: %w", err)
	}
	for _, a := range rep.Actions {
		if err := enc.Encode(a); err != nil {
			return fmt.Errorf("encode action %s: %w", a.Key, err)
		}
	}
	return nil
}
