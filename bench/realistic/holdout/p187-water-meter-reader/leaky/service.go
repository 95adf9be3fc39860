// Package meterread downloads water meter readings from the utility's
// radio collectors, flags meters that look like they have a leak and turns
// stored readings into bills.
package meterread

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// Radio opens download sessions with the collectors mounted on poles and
// rooftops across the network.
type Radio interface {
	Open(ctx context.Context, collectorID string) (Session, error)
}

// Session drains the frames a collector has buffered since the last poll.
// Next returns io.EOF when there are no more.
type Session interface {
	Next(ctx context.Context) (Frame, error)
	Close() error
}

// Store persists readings.
type Store interface {
	SaveReadings(ctx context.Context, rs []Reading) error
	Readings(ctx context.Context, meterID string, from, to time.Time) ([]Reading, error)
}

// Config configures a Service. Radio and Store are required.
type Config struct {
	Radio Radio
	Store Store

	// LeakWindow is the number of consecutive intervals with flow that
	// raises a leak alert. Defaults to 24 (one day of hourly reads).
	LeakWindow int
	// LeakMinLitres is the smallest register advance that counts as flow.
	// Defaults to 1.
	LeakMinLitres uint32
	// Buffer is how many decoded readings may queue for the leak
	// detector. Defaults to 256.
	Buffer int
}

// Service polls collectors and bills accounts.
type Service struct {
	cfg Config
	det *detector
}

// PollResult summarises one collector download.
type PollResult struct {
	CollectorID string
	Frames      int
	Readings    int
	Rejected    int
	Alerts      []LeakAlert
}

// New returns a Service for cfg.
func New(cfg Config) (*Service, error) {
	if cfg.Radio == nil || cfg.Store == nil {
		return nil, errors.New("meterread: Radio and Store are required")
	}
	if cfg.LeakWindow <= 0 {
		cfg.LeakWindow = 24
	}
	if cfg.LeakMinLitres == 0 {
		cfg.LeakMinLitres = 1
	}
	if cfg.Buffer <= 0 {
		cfg.Buffer = 256
	}
	return &Service{
		cfg: cfg,
		det: &detector{window: cfg.LeakWindow, minLitres: cfg.LeakMinLitres},
	}, nil
}

// Poll downloads everything a collector has buffered, stores the decoded
// readings and returns any leak alerts. Frames that fail to decode are
// counted and skipped; radio links are noisy.
func (s *Service) Poll(ctx context.Context, collectorID string) (*PollResult, error) {
	sess, err := s.cfg.Radio.Open(ctx, collectorID)
	if err != nil {
		return nil, fmt.Errorf("meterread: open collector %s: %w", collectorID, err)
	}
	defer sess.Close()

	readings := make(chan Reading, s.cfg.Buffer)
	alerts := make(chan []LeakAlert, 1)
	go func() { alerts <- s.det.scan(readings) }()

	res := &PollResult{CollectorID: collectorID}
	var batch []Reading
	for {
		f, err := sess.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("meterread: download from collector %s after %d frames: %w", collectorID, res.Frames, err)
		}
		res.Frames++
		r, err := decodeFrame(f)
		if err != nil {
			res.Rejected++
			continue
		}
		batch = append(batch, r)
		readings <- r
	}
	close(readings)
	res.Alerts = <-alerts

	if err := s.cfg.Store.SaveReadings(ctx, batch); err != nil {
		return nil, fmt.Errorf("meterread: save %d readings from collector %s: %w", len(batch), collectorID, err)
	}
	res.Readings = len(batch)
	return res, nil
}
