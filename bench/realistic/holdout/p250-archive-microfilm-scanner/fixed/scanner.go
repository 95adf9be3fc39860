package microfilm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Scanner.
type Config struct {
	// Workers is the number of frames processed in parallel.
	Workers int
	// KeyPrefix is prepended to the storage key of every master.
	KeyPrefix string
	// CaptureRetries is how often a failed capture is retried.
	CaptureRetries int
	// Logger receives progress messages; nil discards them.
	Logger *log.Logger
	// Now returns the current time; nil uses time.Now.
	Now func() time.Time
}

// Scanner digitises microfilm reels frame by frame.
type Scanner struct {
	cfg       Config
	transport Transport
	camera    Camera
	proc      Processor
	store     Store
	log       *log.Logger

	mu   sync.Mutex
	busy bool
}

// New returns a scanner for the given devices.
func New(cfg Config, t Transport, c Camera, p Processor, s Store) (*Scanner, error) {
	if t == nil || c == nil || p == nil || s == nil {
		return nil, errors.New("microfilm: transport, camera, processor and store are required")
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.CaptureRetries < 0 {
		return nil, fmt.Errorf("microfilm: negative capture retries %d", cfg.CaptureRetries)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	return &Scanner{cfg: cfg, transport: t, camera: c, proc: p, store: s, log: logger}, nil
}

// ScanReel loads a reel, captures every frame and stores the processed
// masters. Frames that fail processing are listed in the report; errors
// of the film transport abort the scan.
func (s *Scanner) ScanReel(ctx context.Context, reelID string) (*Report, error) {
	if !s.acquire() {
		return nil, errors.New("microfilm: scanner busy")
	}
	defer s.release()

	start := s.cfg.Now()
	reel, err := s.transport.Load(ctx, reelID)
	if err != nil {
		return nil, fmt.Errorf("load reel %s: %w", reelID, err)
	}
	defer func() {
		if err := s.transport.Unload(context.Background()); err != nil {
			s.log.Printf("microfilm: unload %s: %v", reel.ID, err)
		}
	}()
	s.log.Printf("microfilm: reel %s loaded, %d frames", reel.ID, reel.Frames)

	jobs := make(chan frameJob)
	results, wait := s.startWorkers(ctx, reel, jobs)

	var feedErr error
feed:
	for n := 1; n <= reel.Frames; n++ {
		if err := s.transport.Advance(ctx, n); err != nil {
			if errors.Is(err, ErrFilmBreak) {
				s.log.Printf("microfilm: reel %s: film break before frame %d, needs splicing", reel.ID, n)
				close(jobs)
				wait()
				return nil, fmt.Errorf("reel %s frame %d: %w", reel.ID, n, err)
			}
			feedErr = fmt.Errorf("reel %s: advance to frame %d: %w", reel.ID, n, err)
			break feed
		}
		raw, err := s.capture(ctx)
		if err != nil {
			feedErr = fmt.Errorf("reel %s: capture frame %d: %w", reel.ID, n, err)
			break feed
		}
		select {
		case jobs <- frameJob{frame: n, raw: raw}:
		case <-ctx.Done():
			feedErr = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wait()

	report := &Report{Reel: reel.ID, Failed: make(map[int]error)}
	for r := range results {
		switch {
		case r.err == nil:
			report.Stored++
		case errors.Is(r.err, ErrBlankFrame):
			report.Blank = append(report.Blank, r.frame)
		default:
			report.Failed[r.frame] = r.err
		}
	}
	sort.Ints(report.Blank)
	report.Duration = s.cfg.Now().Sub(start)
	s.log.Printf("microfilm: reel %s: %d stored, %d blank, %d failed",
		reel.ID, report.Stored, len(report.Blank), len(report.Failed))
	if feedErr != nil {
		return report, feedErr
	}
	if !report.ok() {
		return report, fmt.Errorf("reel %s: %d frames failed", reel.ID, len(report.Failed))
	}
	return report, nil
}

func (s *Scanner) capture(ctx context.Context) ([]byte, error) {
	var lastErr error
	for attempt := 0; attempt <= s.cfg.CaptureRetries; attempt++ {
		raw, err := s.camera.Capture(ctx)
		if err == nil {
			return raw, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lastErr = err
		s.log.Printf("microfilm: capture attempt %d failed: %v", attempt+1, err)
	}
	return nil, lastErr
}

func (s *Scanner) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy {
		return false
	}
	s.busy = true
	return true
}

func (s *Scanner) release() {
	s.mu.Lock()
	s.busy = false
	s.mu.Unlock()
}
