package auditship

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// Event is a single audit record.
type Event struct {
	ID       string            `json:"id"`
	Time     time.Time         `json:"time"`
	Actor    string            `json:"actor"`
	Action   string            `json:"action"`
	Resource string            `json:"resource"`
	Outcome  string            `json:"outcome"`
	Meta     map[string]string `json:"meta,omitempty"`
}

// writeBatch encodes batch as gzip-compressed newline-delimited JSON.
func writeBatch(w io.Writer, batch []Event) error {
	zw := gzip.NewWriter(w)
	enc := json.NewEncoder(zw)
	for i := range batch {
		if err := enc.Encode(&batch[i]); err != nil {
			return fmt.Errorf("encode event %s: %w", batch[i].ID, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("finish gzip stream: %w", err)
	}
	return nil
}

// ReadBatch decodes a batch produced by the shipper, for example one read
// back from the spool or downloaded from the sink.
func ReadBatch(r io.Reader) ([]Event, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("auditship: open batch: %w", err)
	}
	defer zr.Close()
	dec := json.NewDecoder(zr)
	var out []Event
	for {
		var ev Event
		err := dec.Decode(&ev)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, fmt.Errorf("auditship: decode event %d: %w", len(out), err)
		}
		out = append(out, ev)
	}
}

// objectName builds a time-partitioned, sortable object key.
func objectName(prefix string, now time.Time, seq uint64) string {
	now = now.UTC()
	return fmt.Sprintf("%s/%s/%s-%06d.ndjson.gz",
		prefix, now.Format("2006/01/02"), now.Format("150405"), seq)
}
