package tidenet

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// GaugeInfo is what a gauge announces when it (re)joins the network.
type GaugeInfo struct {
	ID       string
	Site     string
	Firmware string
	// DatumOffsetMM converts raw sensor distance into height above chart datum.
	DatumOffsetMM float64
}

func (g GaugeInfo) validate() error {
	if g.ID == "" {
		return errors.New("tidenet: gauge id is required")
	}
	if g.DatumOffsetMM <= 0 {
		return fmt.Errorf("tidenet: gauge %s: datum offset must be positive", g.ID)
	}
	return nil
}

// Reading is one raw sample from a radar or pressure gauge.
type Reading struct {
	GaugeID string
	At      time.Time
	// RangeMM is the measured distance from the sensor down to the water.
	RangeMM float64
	Quality int
}

// Level is a processed water level.
type Level struct {
	GaugeID  string
	At       time.Time
	HeightMM float64
	SurgeMM  float64
}

// Alert is raised when the residual over predicted tide stays high.
type Alert struct {
	GaugeID  string
	Site     string
	At       time.Time
	SurgeMM  float64
	Readings int
}

func (a Alert) String() string {
	return fmt.Sprintf("%s (%s): surge %+.0f mm over %d readings at %s",
		a.GaugeID, a.Site, a.SurgeMM, a.Readings, a.At.Format(time.RFC3339))
}

// Predictor returns the astronomical tide height for a site.
type Predictor interface {
	PredictMM(site string, at time.Time) (float64, error)
}

// AlertSink delivers surge alerts to duty officers.
type AlertSink interface {
	Raise(ctx context.Context, a Alert) error
}

var (
	ErrClosed       = errors.New("tidenet: network closed")
	ErrUnknownGauge = errors.New("tidenet: unknown gauge")
	ErrBackpressure = errors.New("tidenet: gauge queue full")
)
