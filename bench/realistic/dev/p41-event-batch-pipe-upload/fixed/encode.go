package ingest

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
)

// encodeBatch writes events to w as NDJSON, gzipped if compress is set.
func encodeBatch(w io.Writer, events []Event, compress bool) error {
	var gz *gzip.Writer
	if compress {
		gz = gzip.NewWriter(w)
		w = gz
	}
	enc := json.NewEncoder(w)
	for i, ev := range events {
		if ev.Name == "" {
			return fmt.Errorf("event %d has no name", i)
		}
		if err := enc.Encode(ev); err != nil {
			return fmt.Errorf("event %d: %w", i, err)
		}
	}
	if gz != nil {
		return gz.Close()
	}
	return nil
}
