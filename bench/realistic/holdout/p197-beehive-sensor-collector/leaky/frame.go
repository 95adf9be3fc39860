package collector

import (
	"errors"
	"fmt"
	"time"
)

// Metric identifies what a hive sensor measures.
type Metric string

const (
	MetricBroodTemp Metric = "brood_temp"
	MetricHumidity  Metric = "humidity"
	MetricWeight    Metric = "weight"
)

var (
	// ErrChecksum is returned for frames damaged on the radio link.
	ErrChecksum = errors.New("frame checksum mismatch")
	// ErrUnknownKind is returned for frames from unsupported sensor firmware.
	ErrUnknownKind = errors.New("unknown frame kind")
)

// Frame is a raw telemetry frame as buffered by a hive gateway.
// Values are fixed point, in hundredths of the metric's unit.
type Frame struct {
	HiveID string
	Seq    uint32
	Kind   uint8
	Raw    int32
	Sum    uint8
	At     time.Time
}

// Reading is a decoded, unit-converted sensor value.
type Reading struct {
	HiveID string
	Metric Metric
	Value  float64
	At     time.Time
}

var kinds = map[uint8]Metric{
	0x01: MetricBroodTemp,
	0x02: MetricHumidity,
	0x03: MetricWeight,
}

// plausible bounds used to drop readings from a misbehaving probe.
var bounds = map[Metric][2]float64{
	MetricBroodTemp: {-20, 60},
	MetricHumidity:  {0, 100},
	MetricWeight:    {0, 250},
}

// Checksum computes the single-byte checksum used by the gateway firmware.
func Checksum(seq uint32, kind uint8, raw int32) uint8 {
	var s uint8
	for i := 0; i < 4; i++ {
		s ^= uint8(seq >> (8 * i))
		s += uint8(uint32(raw) >> (8 * i))
	}
	return s ^ kind
}

func decode(f Frame) (Reading, error) {
	if Checksum(f.Seq, f.Kind, f.Raw) != f.Sum {
		return Reading{}, fmt.Errorf("seq %d: %w", f.Seq, ErrChecksum)
	}
	m, ok := kinds[f.Kind]
	if !ok {
		return Reading{}, fmt.Errorf("seq %d kind 0x%02x: %w", f.Seq, f.Kind, ErrUnknownKind)
	}
	return Reading{
		HiveID: f.HiveID,
		Metric: m,
		Value:  float64(f.Raw) / 100,
		At:     f.At,
	}, nil
}

func plausible(r Reading) bool {
	b, ok := bounds[r.Metric]
	if !ok {
		return false
	}
	return r.Value >= b[0] && r.Value <= b[1]
}

// HiveSummary aggregates one sweep of a hive's readings.
type HiveSummary struct {
	HiveID        string
	Samples       int
	Dropped       int
	MeanBroodTemp float64
	MeanHumidity  float64
	WeightKg      float64
	WeightDeltaKg float64
	LastSeq       uint32
	LastSeen      time.Time
}

type accumulator struct {
	sum        HiveSummary
	tempTotal  float64
	tempN      int
	humTotal   float64
	humN       int
	prevWeight float64
	haveWeight bool
}

func newAccumulator(hiveID string, prevWeight float64, havePrev bool) *accumulator {
	return &accumulator{
		sum:        HiveSummary{HiveID: hiveID},
		prevWeight: prevWeight,
		haveWeight: havePrev,
	}
}

func (a *accumulator) add(seq uint32, r Reading) {
	a.sum.LastSeq = seq
	if !plausible(r) {
		a.sum.Dropped++
		return
	}
	a.sum.Samples++
	if r.At.After(a.sum.LastSeen) {
		a.sum.LastSeen = r.At
	}
	switch r.Metric {
	case MetricBroodTemp:
		a.tempTotal += r.Value
		a.tempN++
	case MetricHumidity:
		a.humTotal += r.Value
		a.humN++
	case MetricWeight:
		a.sum.WeightKg = r.Value
	}
}

func (a *accumulator) drop(seq uint32) {
	a.sum.LastSeq = seq
	a.sum.Dropped++
}

func (a *accumulator) result() HiveSummary {
	s := a.sum
	if a.tempN > 0 {
		s.MeanBroodTemp = a.tempTotal / float64(a.tempN)
	}
	if a.humN > 0 {
		s.MeanHumidity = a.humTotal / float64(a.humN)
	}
	if s.WeightKg == 0 && a.haveWeight {
		s.WeightKg = a.prevWeight
	}
	if a.haveWeight {
		s.WeightDeltaKg = s.WeightKg - a.prevWeight
	}
	return s
}
