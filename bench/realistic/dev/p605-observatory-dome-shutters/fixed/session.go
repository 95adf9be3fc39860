package dome

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Exposure is one planned camera exposure.
type Exposure struct {
	Target   string
	Duration time.Duration
}

// Camera takes exposures and returns a frame identifier.
type Camera interface {
	Expose(ctx context.Context, e Exposure) (string, error)
}

// SessionConfig tunes a Session.
type SessionConfig struct {
	// OpenTimeout is how long to wait for the dome to open before giving up.
	OpenTimeout time.Duration
	// RetryEvery is how often an open is retried during a weather hold.
	RetryEvery time.Duration
	Logger     Logger
}

// Session runs an observing plan once the dome is open.
type Session struct {
	dome   *Controller
	camera Camera
	plan   []Exposure
	cfg    SessionConfig
}

// Result lists the frames taken.
type Result struct {
	Frames  []string
	Skipped int
}

// NewSession builds a session over a controller and a camera.
func NewSession(d *Controller, cam Camera, plan []Exposure, cfg SessionConfig) *Session {
	if cfg.OpenTimeout <= 0 {
		cfg.OpenTimeout = 30 * time.Minute
	}
	if cfg.RetryEvery <= 0 {
		cfg.RetryEvery = time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = d.cfg.logger
	}
	return &Session{dome: d, camera: cam, plan: plan, cfg: cfg}
}

// Run waits for the dome to open, retrying through weather holds, then takes
// the planned exposures while the dome stays open.
func (s *Session) Run(ctx context.Context) (Result, error) {
	var res Result
	ready := s.dome.AwaitState(StateOpen)
	if err := s.tryOpen(ctx); err != nil {
		return res, err
	}

	wctx, cancel := context.WithTimeout(ctx, s.cfg.OpenTimeout)
	defer cancel()
	retry := time.NewTicker(s.cfg.RetryEvery)
	defer retry.Stop()

wait:
	for {
		select {
		case err := <-ready:
			if err != nil {
				return res, fmt.Errorf("session: dome unavailable: %w", err)
			}
			break wait
		case <-retry.C:
			if err := s.tryOpen(ctx); err != nil {
				return res, err
			}
		case <-wctx.Done():
			return res, fmt.Errorf("session: dome did not open: %w", wctx.Err())
		}
	}

	for _, e := range s.plan {
		if st := s.dome.Status().State; st != StateOpen {
			res.Skipped = len(s.plan) - len(res.Frames)
			return res, fmt.Errorf("session: dome %s during %s", st, e.Target)
		}
		id, err := s.camera.Expose(ctx, e)
		if err != nil {
			return res, fmt.Errorf("session: expose %s: %w", e.Target, err)
		}
		res.Frames = append(res.Frames, id)
	}
	return res, nil
}

func (s *Session) tryOpen(ctx context.Context) error {
	err := s.dome.OpenShutters(ctx)
	if errors.Is(err, ErrWeatherHold) {
		s.cfg.Logger.Printf("session: %v, retrying in %v", err, s.cfg.RetryEvery)
		return nil
	}
	return err
}
