// Package ingest accepts raw telemetry frames from IoT devices, decodes them
// with a per-device decoder and writes the resulting points to a time-series
// sink.
//
// Each device gets its own worker goroutine and bounded queue, so a slow or
// chatty device cannot delay the others. When a device's queue is full, Ingest
// either rejects the frame with ErrBackpressure or waits for room, depending
// on the configuration. Workers of devices that stay silent longer than the
// idle timeout are retired and recreated on the next frame.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Frame is one raw message received from a device.
type Frame struct {
	DeviceID string
	Model    string // hardware model, selects the decoder
	Payload  []byte
	Received time.Time
}

// Point is one decoded measurement.
type Point struct {
	Metric string
	Value  float64
	Time   time.Time
}

// Decoder turns a device payload into points. A Decoder is used by a single
// worker goroutine and may keep per-device state between calls.
type Decoder interface {
	Decode(payload []byte, received time.Time) ([]Point, error)
}

// Registry creates decoders for device models.
type Registry interface {
	NewDecoder(model string) (Decoder, error)
}

// Sink stores decoded points.
type Sink interface {
	Write(ctx context.Context, deviceID string, points []Point) error
}

// Clock abstracts time for idle tracking.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker used by the service.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// Observer receives operational events. Implementations must not block.
type Observer interface {
	DecodeFailed(deviceID string, err error)
	WriteFailed(deviceID string, err error)
	WorkerRetired(deviceID string)
}

// Errors returned by Ingest, wrapped with the device id.
var (
	ErrBackpressure = errors.New("ingest: device queue full")
	ErrClosed       = errors.New("ingest: service closed")
	ErrNoDecoder    = errors.New("ingest: no decoder for model")
)

// Config configures a Service.
type Config struct {
	Registry Registry // required
	Sink     Sink     // required
	Clock    Clock    // defaults to the system clock
	Observer Observer // defaults to a no-op observer

	// QueueSize is the number of frames buffered per device.
	QueueSize int
	// WaitWhenFull makes Ingest wait for queue room until its context is
	// done instead of failing immediately with ErrBackpressure.
	WaitWhenFull bool
	// IdleTimeout is how long a device may stay silent before its worker
	// is retired.
	IdleTimeout time.Duration
}

// Defaults for zero Config fields.
const (
	DefaultQueueSize   = 64
	DefaultIdleTimeout = 10 * time.Minute
)

func (c *Config) setDefaults() error {
	if c.Registry == nil || c.Sink == nil {
		return fmt.Errorf("ingest: config requires a registry and a sink")
	}
	if c.QueueSize < 0 || c.IdleTimeout < 0 {
		return fmt.Errorf("ingest: negative queue size or idle timeout")
	}
	if c.QueueSize == 0 {
		c.QueueSize = DefaultQueueSize
	}
	if c.IdleTimeout == 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.Observer == nil {
		c.Observer = nopObserver{}
	}
	return nil
}

type systemClock struct{}

func (systemClock) Now() time.Time                   { return time.Now() }
func (systemClock) NewTicker(d time.Duration) Ticker { return sysTicker{time.NewTicker(d)} }

type sysTicker struct{ t *time.Ticker }

func (s sysTicker) C() <-chan time.Time { return s.t.C }
func (s sysTicker) Stop()               { s.t.Stop() }

type nopObserver struct{}

func (nopObserver) DecodeFailed(string, error) {}
func (nopObserver) WriteFailed(string, error)  {}
func (nopObserver) WorkerRetired(string)       {}
