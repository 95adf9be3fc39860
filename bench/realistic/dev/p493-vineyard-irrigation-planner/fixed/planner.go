package irrigation

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Planner builds daily irrigation schedules from probe readings and the
// weather forecast.
type Planner struct {
	cfg     Config
	sensors SensorClient
	weather WeatherService
}

// New returns a Planner using the given outside services.
func New(sensors SensorClient, weather WeatherService, opts ...Option) (*Planner, error) {
	if sensors == nil || weather == nil {
		return nil, fmt.Errorf("irrigation: sensors and weather service are required")
	}
	cfg := defaultConfig()
	for _, opt := range opts {
		opt(&cfg)
	}
	if cfg.Workers < 1 {
		return nil, fmt.Errorf("irrigation: workers must be positive, got %d", cfg.Workers)
	}
	return &Planner{cfg: cfg, sensors: sensors, weather: weather}, nil
}

type blockResult struct {
	block  Block
	run    Run
	skip   bool
	reason string
	err    error
}

// Plan surveys every block and returns the schedule for day. A block whose
// probe cannot be read fails the whole plan: the controller keeps yesterday's
// schedule rather than irrigating on guesses.
func (p *Planner) Plan(ctx context.Context, day time.Time, blocks []Block) (*Schedule, error) {
	if len(blocks) == 0 {
		return nil, ErrNoBlocks
	}
	for _, b := range blocks {
		if err := b.validate(); err != nil {
			return nil, err
		}
	}

	fc, err := p.weather.Forecast(ctx, day)
	if err != nil {
		return nil, fmt.Errorf("irrigation: forecast for %s: %w", day.Format("2006-01-02"), err)
	}
	p.cfg.Logger.Printf("plan %s: ET0 %.1f mm, rain %.1f mm, max %.0f°C",
		day.Format("2006-01-02"), fc.ET0, fc.RainMM, fc.MaxTempC)

	jobs := make(chan Block, len(blocks))
	for _, b := range blocks {
		jobs <- b
	}
	close(jobs)

	results := make(chan blockResult, len(blocks))
	workers := p.cfg.Workers
	if workers > len(blocks) {
		workers = len(blocks)
	}
	for i := 0; i < workers; i++ {
		go p.survey(ctx, fc, jobs, results)
	}

	sched := &Schedule{Day: day, Skipped: make(map[string]string)}
	for range blocks {
		res := <-results
		if res.err != nil {
			return nil, fmt.Errorf("irrigation: block %s: %w", res.block.ID, res.err)
		}
		if res.skip {
			sched.Skipped[res.block.ID] = res.reason
			p.cfg.Logger.Printf("block %s: skipped (%s)", res.block.ID, res.reason)
			continue
		}
		sched.Runs = append(sched.Runs, res.run)
		sched.TotalLiters += res.run.Liters
	}
	sort.Slice(sched.Runs, func(i, j int) bool { return sched.Runs[i].ValveID < sched.Runs[j].ValveID })
	return sched, nil
}

func (p *Planner) survey(ctx context.Context, fc Forecast, jobs <-chan Block, out chan<- blockResult) {
	for b := range jobs {
		res := p.assess(ctx, fc, b)
		out <- res
	}
}

func (p *Planner) assess(ctx context.Context, fc Forecast, b Block) blockResult {
	if err := ctx.Err(); err != nil {
		return blockResult{block: b, err: err}
	}
	r, err := p.sensors.ReadMoisture(ctx, b.ID)
	if err != nil {
		return blockResult{block: b, err: fmt.Errorf("read probe: %w", err)}
	}
	if age := fc.Day.Sub(r.TakenAt); p.cfg.MaxReadingAge > 0 && age > p.cfg.MaxReadingAge {
		return blockResult{block: b, err: fmt.Errorf("%w: taken %s before planning", ErrStaleReading, age.Round(time.Minute))}
	}

	depth, reason := waterNeed(b, r, fc, p.cfg.deficitFor(b.Variety))
	if depth == 0 {
		return blockResult{block: b, skip: true, reason: reason}
	}
	run := runFor(b, depth, p.cfg.MaxRuntime, reason)
	if run.Capped {
		p.cfg.Logger.Printf("block %s: runtime capped at %s", b.ID, p.cfg.MaxRuntime)
	}
	return blockResult{block: b, run: run}
}
