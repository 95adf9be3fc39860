package buoynet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"
)

// Reading is one sample reported by a tide-pool sensor buoy.
type Reading struct {
	BuoyID      string
	TakenAt     time.Time
	WaterTempC  float64
	SalinityPSU float64
	OxygenMgL   float64
	PH          float64
	BatteryV    float64
}

// Gateway is the shore station that buoys report to over LoRa. The
// collector only ever asks it for the latest reading of a buoy.
type Gateway interface {
	Latest(ctx context.Context, buoyID string) (Reading, error)
}

var (
	// ErrBuoyOffline means the gateway has not heard from the buoy recently.
	ErrBuoyOffline = errors.New("buoynet: buoy offline")
	// ErrGatewayBusy is a transient overload of the shore gateway.
	ErrGatewayBusy = errors.New("buoynet: gateway busy")
	// ErrUnauthorized means the gateway rejected the collector's token.
	ErrUnauthorized = errors.New("buoynet: gateway rejected credentials")
	// ErrStale means the last reading is older than the configured max age.
	ErrStale = errors.New("buoynet: reading is stale")
)

// QCFlag is the quality-control verdict attached to a reading.
type QCFlag int

const (
	QCGood QCFlag = iota
	QCSuspect
	QCBad
)

func (f QCFlag) String() string {
	switch f {
	case QCGood:
		return "good"
	case QCSuspect:
		return "suspect"
	case QCBad:
		return "bad"
	}
	return fmt.Sprintf("QCFlag(%d)", int(f))
}

// qualityCheck applies the range checks used by the monitoring program.
// Readings outside the physical range are bad; readings that are possible
// but unusual for a tide pool, or come from a buoy on a weak battery, are
// kept but flagged as suspect.
func qualityCheck(r Reading, now time.Time, maxAge time.Duration) (QCFlag, error) {
	if r.TakenAt.IsZero() {
		return QCBad, fmt.Errorf("buoynet: %s: reading has no timestamp", r.BuoyID)
	}
	if age := now.Sub(r.TakenAt); maxAge > 0 && age > maxAge {
		return QCBad, fmt.Errorf("%w: %s is %s old", ErrStale, r.BuoyID, age.Round(time.Second))
	}
	for _, v := range []float64{r.WaterTempC, r.SalinityPSU, r.OxygenMgL, r.PH} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return QCBad, nil
		}
	}
	switch {
	case r.WaterTempC < -2.5 || r.WaterTempC > 40:
		return QCBad, nil
	case r.PH < 6.0 || r.PH > 10.0:
		return QCBad, nil
	case r.SalinityPSU < 0 || r.SalinityPSU > 45:
		return QCBad, nil
	case r.OxygenMgL < 0:
		return QCBad, nil
	}
	switch {
	case r.BatteryV > 0 && r.BatteryV < 3.3:
		return QCSuspect, nil
	case r.SalinityPSU < 20:
		// Freshwater runoff after rain: real, but worth a second look.
		return QCSuspect, nil
	case r.WaterTempC > 30:
		return QCSuspect, nil
	}
	return QCGood, nil
}

func retryable(err error) bool {
	return errors.Is(err, ErrGatewayBusy)
}
