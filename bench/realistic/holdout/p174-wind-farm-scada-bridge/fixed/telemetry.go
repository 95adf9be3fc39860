// Package scada bridges turbine telemetry from a wind farm SCADA gateway to
// a process historian.
//
// The bridge subscribes to the gateway for a set of turbines, drops samples
// with bad quality, groups the rest into batches and forwards the batches to
// the historian, retrying transient write failures. If the gateway drops the
// subscription the bridge resubscribes with backoff.
package scada

import (
	"context"
	"errors"
	"time"
)

// Quality is the OPC-style quality flag attached to a sample.
type Quality uint8

const (
	// QualityGood means the value is trustworthy.
	QualityGood Quality = iota
	// QualityUncertain means the value may be stale or substituted.
	QualityUncertain
	// QualityBad means the sensor or link reported a fault.
	QualityBad
)

// Sample is one tag reading from one turbine.
type Sample struct {
	TurbineID string
	Tag       string // e.g. "WindSpeed", "RotorRPM", "ActivePower"
	Value     float64
	Quality   Quality
	Timestamp time.Time
}

// Source is the SCADA gateway.
type Source interface {
	// Subscribe streams samples for the given turbines. The returned
	// channel is closed when the subscription ends, either because ctx is
	// done or because the gateway dropped the connection.
	Subscribe(ctx context.Context, turbines []string) (<-chan Sample, error)
}

// Historian stores batches of samples.
type Historian interface {
	WriteBatch(ctx context.Context, batch []Sample) error
}

// ErrNoTurbines is returned by New when no turbines are configured.
var ErrNoTurbines = errors.New("scada: no turbines configured")

// Stats are cumulative bridge counters.
type Stats struct {
	Received      uint64
	Rejected      uint64
	Forwarded     uint64
	Dropped       uint64
	Resubscribed  uint64
	WriteFailures uint64
}
