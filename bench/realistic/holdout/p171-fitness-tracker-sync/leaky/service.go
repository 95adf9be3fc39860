package fitsync

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime/debug"
	"time"
)

// Store persists workouts.
type Store interface {
	HasWorkout(ctx context.Context, userID, fingerprint string) (bool, error)
	SaveWorkout(ctx context.Context, fingerprint string, w Workout) error
	// WorkoutDays returns the UTC dates (YYYY-MM-DD) on or after since on
	// which the user has at least one stored workout.
	WorkoutDays(ctx context.Context, userID string, since time.Time) (map[string]bool, error)
}

// Enricher adds derived data to a workout before it is stored: weather,
// elevation, training load, personal records. Enrichment is best effort;
// errors are logged and the workout is stored anyway.
type Enricher interface {
	Enrich(ctx context.Context, w *Workout) error
}

// Clock reports the current time.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Logger receives operational messages. *log.Logger satisfies it.
type Logger interface {
	Printf(format string, args ...interface{})
}

// Option configures a Service.
type Option func(*Service)

// WithDecoder registers a decoder for an upload format, replacing any
// existing one.
func WithDecoder(format string, d Decoder) Option {
	return func(s *Service) { s.decoders[format] = d }
}

// WithEnrichers sets the enrichers run on every new workout, in order.
func WithEnrichers(e ...Enricher) Option {
	return func(s *Service) { s.enrichers = append(s.enrichers, e...) }
}

// WithClock replaces the wall clock used for streaks.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// WithLogger replaces the default stderr logger.
func WithLogger(l Logger) Option { return func(s *Service) { s.log = l } }

// StreakWindow bounds how far back streaks are computed.
const StreakWindow = 400 * 24 * time.Hour

// ErrProcessing is returned when processing an upload failed unexpectedly.
var ErrProcessing = errors.New("upload processing failed")

// Result reports what happened to one upload.
type Result struct {
	UploadID   string
	Accepted   int // new workouts stored
	Duplicates int // workouts already uploaded by another device
	Streak     int // current daily streak after this upload
	Err        error
}

// Service ingests device uploads.
type Service struct {
	store     Store
	decoders  map[string]Decoder
	enrichers []Enricher
	clock     Clock
	log       Logger
	gate      *inflight
	ctx       context.Context
	cancel    context.CancelFunc
}

// New returns a Service backed by store.
func New(store Store, opts ...Option) *Service {
	s := &Service{
		store:    store,
		decoders: map[string]Decoder{"json": jsonDecoder{}},
		clock:    systemClock{},
		log:      log.New(os.Stderr, "fitsync: ", log.LstdFlags),
		gate:     newInflight(),
	}
	for _, o := range opts {
		o(s)
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Close cancels processing of uploads that are still running. Their results
// are delivered with the context error.
func (s *Service) Close() { s.cancel() }

// Ingest accepts an upload for background processing and returns a channel
// that receives exactly one Result. The HTTP layer acknowledges the device
// as soon as Ingest returns, so processing does not use the request context.
func (s *Service) Ingest(up Upload) <-chan Result {
	ch := make(chan Result, 1)
	go func() {
		ch <- s.process(s.ctx, up)
	}()
	return ch
}

func (s *Service) process(ctx context.Context, up Upload) (res Result) {
	res.UploadID = up.ID
	defer func() {
		if r := recover(); r != nil {
			s.log.Printf("upload %s: panic: %v\n%s", up.ID, r, debug.Stack())
			res.Err = fmt.Errorf("%w: upload %s: %v", ErrProcessing, up.ID, r)
		}
	}()

	dec, ok := s.decoders[up.Format]
	if !ok {
		res.Err = fmt.Errorf("upload %s: %w: unknown format %q", up.ID, ErrBadPayload, up.Format)
		return res
	}
	workouts, err := dec.Decode(up)
	if err != nil {
		res.Err = fmt.Errorf("upload %s: decode: %w", up.ID, err)
		return res
	}
	for _, w := range workouts {
		stored, err := s.ingestWorkout(ctx, w)
		if err != nil {
			res.Err = fmt.Errorf("upload %s: %w", up.ID, err)
			return res
		}
		if stored {
			res.Accepted++
		} else {
			res.Duplicates++
		}
	}

	now := s.clock.Now().UTC()
	days, err := s.store.WorkoutDays(ctx, up.UserID, now.Add(-StreakWindow))
	if err != nil {
		res.Err = fmt.Errorf("upload %s: streak: %w", up.ID, err)
		return res
	}
	res.Streak = currentStreak(days, now)
	return res
}

// ingestWorkout stores w unless another device already uploaded it. It
// reports whether w was stored.
func (s *Service) ingestWorkout(ctx context.Context, w Workout) (bool, error) {
	fp := w.Fingerprint()
	s.gate.acquire(fp)

	dup, err := s.store.HasWorkout(ctx, w.UserID, fp)
	if err != nil {
		s.gate.release(fp)
		return false, fmt.Errorf("check workout %s: %w", fp, err)
	}
	if dup {
		s.gate.release(fp)
		return false, nil
	}
	for _, e := range s.enrichers {
		if err := e.Enrich(ctx, &w); err != nil {
			s.log.Printf("workout %s: enrich: %v", fp, err)
		}
	}
	err = s.store.SaveWorkout(ctx, fp, w)
	s.gate.release(fp)
	if err != nil {
		return false, fmt.Errorf("save workout %s: %w", fp, err)
	}
	return true, nil
}
