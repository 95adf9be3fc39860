package chiptiming

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Publisher pushes splits to the live results site and the announcer feed.
type Publisher interface {
	Publish(ctx context.Context, s Split) error
}

// Config describes the race being timed.
type Config struct {
	Course       []string // mats in course order, first is the start mat
	GunTime      time.Time
	DedupeWindow time.Duration
	MinRSSI      int
	Logger       *log.Logger
}

// Option adjusts the Config.
type Option func(*Config)

// WithCourse sets the mats in course order.
func WithCourse(mats ...string) Option { return func(c *Config) { c.Course = mats } }

// WithGunTime sets the official start time.
func WithGunTime(t time.Time) Option { return func(c *Config) { c.GunTime = t } }

// WithDedupeWindow sets how long repeated reads on one mat are merged.
func WithDedupeWindow(d time.Duration) Option { return func(c *Config) { c.DedupeWindow = d } }

// WithMinRSSI drops reads weaker than dbm.
func WithMinRSSI(dbm int) Option { return func(c *Config) { c.MinRSSI = dbm } }

// WithLogger sets the logger.
func WithLogger(l *log.Logger) Option { return func(c *Config) { c.Logger = l } }

// Timer turns raw chip reads into published splits and final standings.
type Timer struct {
	cfg     Config
	runners map[string]Runner
	pub     Publisher
	log     *log.Logger
}

// New creates a Timer for the given start list.
func New(field []Runner, pub Publisher, opts ...Option) (*Timer, error) {
	cfg := Config{
		Course:       []string{"start", "finish"},
		DedupeWindow: 30 * time.Second,
		MinRSSI:      -90,
		Logger:       log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(&cfg)
	}
	if len(cfg.Course) < 2 {
		return nil, errors.New("chiptiming: course needs at least a start and a finish mat")
	}
	if cfg.GunTime.IsZero() {
		return nil, errors.New("chiptiming: gun time not set")
	}
	if pub == nil {
		return nil, errors.New("chiptiming: publisher is required")
	}
	runners := make(map[string]Runner, len(field))
	for _, r := range field {
		if _, dup := runners[r.Chip]; dup {
			return nil, fmt.Errorf("chiptiming: chip %s assigned twice (bib %d)", r.Chip, r.Bib)
		}
		runners[r.Chip] = r
	}
	return &Timer{cfg: cfg, runners: runners, pub: pub, log: cfg.Logger}, nil
}

// Process consumes reads until the source ends or every runner on the
// start list has finished, publishing each split as it is recorded.
func (t *Timer) Process(ctx context.Context, src ReadSource) (*Results, error) {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()

	res := newResults(t.cfg.Course)
	reads := t.reads(ctx, src)
	for rd := range reads {
		rn, ok := t.runners[rd.Chip]
		if !ok {
			res.Unknown++
			t.log.Printf("chiptiming: unknown chip %s on %s at %s", rd.Chip, rd.Mat, rd.At.Format("15:04:05"))
			continue
		}
		split, err := res.record(rn, rd, t.cfg.GunTime)
		if errors.Is(err, errDuplicateMat) || errors.Is(err, errOutOfOrder) {
			res.Ignored++
			continue
		}
		if err != nil {
			return res, err
		}
		if err := t.pub.Publish(runCtx, split); err != nil {
			return res, fmt.Errorf("publish bib %d at %s: %w", split.Bib, split.Mat, err)
		}
		if res.Finishers() == len(t.runners) {
			t.log.Printf("chiptiming: all %d runners finished", len(t.runners))
			break
		}
	}
	return res, ctx.Err()
}
