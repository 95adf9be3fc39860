// Package groundstation receives satellite downlinks at a ground station. The
// demodulator driver reports acquisition of signal (AOS), every received
// transfer frame and loss of signal (LOS) through callbacks; the station
// decodes each pass concurrently and archives its packets.
package groundstation

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// ErrUnknownPass is returned for a pass that has no report pending.
var ErrUnknownPass = errors.New("unknown pass")

// Archive stores decoded packets, usually an object store or a database.
type Archive interface {
	Store(ctx context.Context, p Packet) error
}

// Config configures a Station.
type Config struct {
	// Name identifies the station in logs.
	Name string
	// FrameBuffer is the per-pass queue between the demodulator callback
	// and the decoder. Frames arriving while it is full are dropped.
	FrameBuffer int
	// ArchiveTimeout bounds a single archive write.
	ArchiveTimeout time.Duration
}

// Option customises a Station.
type Option func(*Station)

// WithLogger sets the station logger.
func WithLogger(l *log.Logger) Option { return func(s *Station) { s.log = l } }

// WithClock overrides time.Now.
func WithClock(now func() time.Time) Option { return func(s *Station) { s.now = now } }

// Station decodes the passes reported by the demodulator driver.
type Station struct {
	cfg     Config
	archive Archive
	log     *log.Logger
	now     func() time.Time

	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.RWMutex
	feeds   map[string]chan Frame
	reports map[string]chan PassReport
	dropped map[string]int
	closed  bool
}

// New returns a Station archiving into archive.
func New(archive Archive, cfg Config, opts ...Option) (*Station, error) {
	if archive == nil {
		return nil, errors.New("groundstation: nil archive")
	}
	if cfg.FrameBuffer <= 0 {
		cfg.FrameBuffer = 256
	}
	if cfg.ArchiveTimeout <= 0 {
		cfg.ArchiveTimeout = 5 * time.Second
	}
	s := &Station{
		cfg:     cfg,
		archive: archive,
		log:     log.New(io.Discard, "", 0),
		now:     time.Now,
		feeds:   make(map[string]chan Frame),
		reports: make(map[string]chan PassReport),
		dropped: make(map[string]int),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

// OnAcquisition is called by the demodulator driver when the receiver
// locks onto the carrier of a scheduled pass.
func (s *Station) OnAcquisition(passID, satellite string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if _, ok := s.feeds[passID]; ok {
		s.log.Printf("%s: reacquired %s (%s)", s.cfg.Name, passID, satellite)
		return
	}
	feed := make(chan Frame, s.cfg.FrameBuffer)
	report := make(chan PassReport, 1)
	s.feeds[passID] = feed
	s.reports[passID] = report
	go s.decodePass(passID, satellite, feed, report)
	s.log.Printf("%s: AOS %s (%s)", s.cfg.Name, passID, satellite)
}

// OnFrame is called by the demodulator driver for every received frame. It
// must not block the driver, so frames are dropped when the pass queue is full.
func (s *Station) OnFrame(passID string, raw []byte) {
	f := Frame{Raw: raw, ReceivedAt: s.now()}
	s.mu.RLock()
	feed, ok := s.feeds[passID]
	if ok {
		select {
		case feed <- f:
			s.mu.RUnlock()
			return
		default:
		}
	}
	s.mu.RUnlock()

	s.mu.Lock()
	s.dropped[passID]++
	s.mu.Unlock()
}

// OnLossOfSignal is called by the demodulator driver when the pass ends.
func (s *Station) OnLossOfSignal(passID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	feed, ok := s.feeds[passID]
	if !ok {
		return
	}
	delete(s.feeds, passID)
	close(feed)
	s.log.Printf("%s: LOS %s, %d frames dropped", s.cfg.Name, passID, s.dropped[passID])
}

// Report waits for the decoder of a finished pass and returns its summary.
func (s *Station) Report(ctx context.Context, passID string) (PassReport, error) {
	s.mu.Lock()
	ch, ok := s.reports[passID]
	s.mu.Unlock()
	if !ok {
		return PassReport{}, fmt.Errorf("%w: %s", ErrUnknownPass, passID)
	}
	select {
	case rep := <-ch:
		s.mu.Lock()
		delete(s.reports, passID)
		delete(s.dropped, passID)
		s.mu.Unlock()
		return rep, nil
	case <-ctx.Done():
		return PassReport{}, ctx.Err()
	}
}

// Close ends every pass still in progress and cancels pending archive writes.
func (s *Station) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	for id, feed := range s.feeds {
		delete(s.feeds, id)
		close(feed)
	}
	s.mu.Unlock()
	s.cancel()
}
