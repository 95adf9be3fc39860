// Package ingest receives batches of observations uploaded by weather
// stations, decodes and validates them, and fans the accepted readings out to
// the archive and to the alerting system.
package ingest

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// Reading is one observation from a station.
type Reading struct {
	StationID   string    `json:"station_id"`
	Time        time.Time `json:"time"`
	TempC       float64   `json:"temp_c"`
	HumidityPct float64   `json:"humidity_pct"`
	PressureHPa float64   `json:"pressure_hpa"`
	WindMS      float64   `json:"wind_ms"`
}

// ErrMalformed is wrapped by decoding errors.
var ErrMalformed = errors.New("ingest: malformed record")

// ErrInvalid is wrapped by validation errors.
var ErrInvalid = errors.New("ingest: invalid reading")

// csvColumns is the field order stations use in their uploads:
//
//	time,temp_c,humidity_pct,pressure_hpa,wind_ms
const csvColumns = 5

// DecodeCSV parses a station upload. Blank lines and lines starting with '#'
// are ignored. Times are RFC 3339.
func DecodeCSV(stationID string, r io.Reader) ([]Reading, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = csvColumns
	cr.TrimLeadingSpace = true

	var out []Reading
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		line, _ := cr.FieldPos(0)
		rd, err := parseRecord(stationID, rec)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		out = append(out, rd)
	}
}

func parseRecord(stationID string, rec []string) (Reading, error) {
	ts, err := time.Parse(time.RFC3339, strings.TrimSpace(rec[0]))
	if err != nil {
		return Reading{}, fmt.Errorf("%w: time: %v", ErrMalformed, err)
	}
	var vals [4]float64
	for i := range vals {
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[i+1]), 64)
		if err != nil {
			return Reading{}, fmt.Errorf("%w: column %d: %v", ErrMalformed, i+2, err)
		}
		vals[i] = v
	}
	return Reading{
		StationID:   stationID,
		Time:        ts.UTC(),
		TempC:       vals[0],
		HumidityPct: vals[1],
		PressureHPa: vals[2],
		WindMS:      vals[3],
	}, nil
}

// Limits are the physically plausible ranges a reading must fall in.
type Limits struct {
	MinTempC, MaxTempC             float64
	MinPressureHPa, MaxPressureHPa float64
	MaxWindMS                      float64
	MaxClockSkew                   time.Duration
}

// DefaultLimits covers every surface station on Earth with some margin.
var DefaultLimits = Limits{
	MinTempC:       -90,
	MaxTempC:       60,
	MinPressureHPa: 850,
	MaxPressureHPa: 1090,
	MaxWindMS:      115,
	MaxClockSkew:   10 * time.Minute,
}

// Validate checks r against l. now is used to reject readings from the future.
func (l Limits) Validate(r Reading, now time.Time) error {
	for _, v := range []float64{r.TempC, r.HumidityPct, r.PressureHPa, r.WindMS} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%w: non-finite value", ErrInvalid)
		}
	}
	switch {
	case r.TempC < l.MinTempC || r.TempC > l.MaxTempC:
		return fmt.Errorf("%w: temperature %.1f°C out of range", ErrInvalid, r.TempC)
	case r.HumidityPct < 0 || r.HumidityPct > 100:
		return fmt.Errorf("%w: humidity %.1f%% out of range", ErrInvalid, r.HumidityPct)
	case r.PressureHPa < l.MinPressureHPa || r.PressureHPa > l.MaxPressureHPa:
		return fmt.Errorf("%w: pressure %.1f hPa out of range", ErrInvalid, r.PressureHPa)
	case r.WindMS < 0 || r.WindMS > l.MaxWindMS:
		return fmt.Errorf("%w: wind %.1f m/s out of range", ErrInvalid, r.WindMS)
	case r.Time.After(now.Add(l.MaxClockSkew)):
		return fmt.Errorf("%w: timestamp %s is in the future", ErrInvalid, r.Time.Format(time.RFC3339))
	}
	return nil
}
