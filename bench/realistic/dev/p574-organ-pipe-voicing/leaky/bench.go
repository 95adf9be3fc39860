package voicing

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Analyzer sounds a pipe on the bench and listens to it.
type Analyzer interface {
	Measure(ctx context.Context, p Pipe) (Measurement, error)
}

// Logger is the subset of *log.Logger the bench uses.
type Logger interface {
	Printf(format string, args ...any)
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...any) {}

// Config holds the bench settings.
type Config struct {
	Workers    int
	PitchA4    float64
	Cents      float64 // tolerance either side of target
	Brightness float64 // max 2nd harmonic ratio before the pipe is overblowing
	MaxSpeech  time.Duration
	Logger     Logger
}

// Option adjusts the bench Config.
type Option func(*Config)

// WithWorkers sets how many pipes are analysed at once.
func WithWorkers(n int) Option { return func(c *Config) { c.Workers = n } }

// WithPitch sets the reference pitch of A4 in Hz.
func WithPitch(hz float64) Option { return func(c *Config) { c.PitchA4 = hz } }

// WithCentsTolerance sets the allowed tuning error.
func WithCentsTolerance(c float64) Option { return func(cfg *Config) { cfg.Cents = c } }

// WithLogger sets the bench logger.
func WithLogger(l Logger) Option { return func(c *Config) { c.Logger = l } }

// Bench distributes pipes over a pool of analysis workers.
type Bench struct {
	cfg      Config
	analyzer Analyzer
	queue    *jobQueue
	start    sync.Once
	voiced   atomic.Int64
}

// NewBench returns a bench that has not started its workers yet.
func NewBench(a Analyzer, opts ...Option) (*Bench, error) {
	if a == nil {
		return nil, errors.New("voicing: nil analyzer")
	}
	cfg := Config{
		Workers:    2,
		PitchA4:    440,
		Cents:      3,
		Brightness: 0.6,
		MaxSpeech:  120 * time.Millisecond,
		Logger:     nopLogger{},
	}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.Workers < 1 {
		return nil, fmt.Errorf("voicing: need at least one worker, got %d", cfg.Workers)
	}
	if cfg.PitchA4 < 380 || cfg.PitchA4 > 470 {
		return nil, fmt.Errorf("voicing: implausible pitch %.1f Hz", cfg.PitchA4)
	}
	return &Bench{cfg: cfg, analyzer: a, queue: newJobQueue()}, nil
}

// Start launches the worker pool. Calling it more than once is harmless.
func (b *Bench) Start() {
	b.start.Do(func() {
		for i := 0; i < b.cfg.Workers; i++ {
			go b.worker(i)
		}
	})
}

func (b *Bench) worker(id int) {
	for {
		j, ok := b.queue.pop()
		if !ok {
			b.cfg.Logger.Printf("bench worker %d: stopping", id)
			return
		}
		j.reply <- b.voice(j)
	}
}

func (b *Bench) voice(j job) outcome {
	if err := j.ctx.Err(); err != nil {
		return outcome{err: err}
	}
	m, err := b.analyzer.Measure(j.ctx, j.pipe)
	if err != nil {
		return outcome{err: fmt.Errorf("voicing: measure %s note %d: %w", j.pipe.Rank, j.pipe.Note, err)}
	}
	adj, err := assess(j.pipe, j.footage, m, thresholds{
		pitchA4:    b.cfg.PitchA4,
		cents:      b.cfg.Cents,
		brightness: b.cfg.Brightness,
		speech:     b.cfg.MaxSpeech,
	})
	if err == nil {
		b.voiced.Add(1)
	}
	return outcome{adj: adj, err: err}
}

// RankReport lists the adjustments for one rank in keyboard order.
type RankReport struct {
	Rank        string
	Adjustments []Adjustment
	Failed      []error
}

// NeedsWork counts pipes that need any action.
func (r RankReport) NeedsWork() int {
	n := 0
	for _, a := range r.Adjustments {
		if a.Action != Leave {
			n++
		}
	}
	return n
}

// VoiceRank sends every pipe of the rank to the bench and waits for all
// verdicts. Pipes that fail to measure are reported, not fatal.
func (b *Bench) VoiceRank(ctx context.Context, r Rank) (RankReport, error) {
	if r.Footage <= 0 {
		return RankReport{}, fmt.Errorf("voicing: rank %q has no footage", r.Name)
	}
	b.Start()
	reply := make(chan outcome, len(r.Pipes))
	for _, p := range r.Pipes {
		if err := b.queue.push(job{ctx: ctx, pipe: p, footage: r.Footage, reply: reply}); err != nil {
			return RankReport{}, err
		}
	}
	report := RankReport{Rank: r.Name}
	for range r.Pipes {
		select {
		case o := <-reply:
			if o.err != nil {
				report.Failed = append(report.Failed, o.err)
				continue
			}
			report.Adjustments = append(report.Adjustments, o.adj)
		case <-ctx.Done():
			return report, ctx.Err()
		}
	}
	sort.Slice(report.Adjustments, func(i, j int) bool {
		return report.Adjustments[i].Pipe.Note < report.Adjustments[j].Pipe.Note
	})
	b.cfg.Logger.Printf("rank %s: %d pipes voiced, %d need work, %d failed, %d queued",
		r.Name, len(report.Adjustments), report.NeedsWork(), len(report.Failed), b.queue.pending())
	return report, nil
}

// Voiced is the number of pipes assessed since the bench was built.
func (b *Bench) Voiced() int64 { return b.voiced.Load() }

// Close stops the bench from taking new pipes and lets the workers exit.
func (b *Bench) Close() {
	b.queue.close()
}
