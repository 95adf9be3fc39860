package drainage

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Survey is the result of reading every active dipwell once.
type Survey struct {
	Taken    time.Time
	Levels   []Level
	Failed   map[string]error
	Skipped  []string
	Complete bool
}

// Surveyor polls the dipwells of a bog.
type Surveyor struct {
	cfg    Config
	reader DipwellReader
	log    Logger
	now    func() time.Time
}

// NewSurveyor builds a surveyor that reads through r.
func NewSurveyor(r DipwellReader, opts ...Option) (*Surveyor, error) {
	s := &Surveyor{cfg: DefaultConfig(), reader: r, log: discardLogger(), now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if s.cfg.Concurrency < 1 {
		return nil, fmt.Errorf("drainage: concurrency must be at least 1, got %d", s.cfg.Concurrency)
	}
	if s.cfg.SurveyTimeout <= 0 || s.cfg.ReadTimeout <= 0 {
		return nil, fmt.Errorf("drainage: timeouts must be positive")
	}
	return s, nil
}

// Survey reads all active wells. Logger boxes on the far side of the bog
// often drop off the radio, so a survey that runs past SurveyTimeout returns
// the readings gathered so far with Complete set to false.
func (s *Surveyor) Survey(ctx context.Context, wells []Dipwell) (Survey, error) {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		sem = make(chan struct{}, s.cfg.Concurrency)
		out = Survey{Taken: s.now(), Failed: make(map[string]error)}
	)

	wg.Add(len(wells))
	for _, w := range wells {
		if w.Decommissioned {
			out.Skipped = append(out.Skipped, w.ID)
			continue
		}
		go func(w Dipwell) {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-sem }()

			lvl, err := s.readWell(ctx, w)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				out.Failed[w.ID] = err
				return
			}
			out.Levels = append(out.Levels, lvl)
		}(w)
	}

	done := make(chan struct{})
	go func() {
		wg.Wait() // leak: WaitGroup counts decommissioned wells that never call Done
		close(done)
	}()

	timer := time.NewTimer(s.cfg.SurveyTimeout)
	defer timer.Stop()
	complete := false
	select {
	case <-done:
		complete = true
	case <-timer.C:
		s.log.Printf("drainage: survey timed out after %s", s.cfg.SurveyTimeout)
	case <-ctx.Done():
		return Survey{}, ctx.Err()
	}

	mu.Lock()
	defer mu.Unlock()
	res := Survey{
		Taken:    out.Taken,
		Levels:   append([]Level(nil), out.Levels...),
		Failed:   make(map[string]error, len(out.Failed)),
		Skipped:  out.Skipped,
		Complete: complete,
	}
	for k, v := range out.Failed {
		res.Failed[k] = v
	}
	if len(res.Levels) == 0 {
		return res, ErrNoReadings
	}
	sort.Slice(res.Levels, func(i, j int) bool { return res.Levels[i].Well < res.Levels[j].Well })
	return res, nil
}

func (s *Surveyor) readWell(ctx context.Context, w Dipwell) (Level, error) {
	rctx, cancel := context.WithTimeout(ctx, s.cfg.ReadTimeout)
	defer cancel()
	depth, err := s.reader.ReadDepth(rctx, w.ID)
	if err != nil {
		return Level{}, fmt.Errorf("well %s: %w", w.ID, err)
	}
	if depth < -20 || depth > 150 {
		return Level{}, fmt.Errorf("well %s: depth %.1f cm out of range", w.ID, depth)
	}
	return Level{Well: w.ID, Compartment: w.Compartment, DepthCm: depth, At: s.now()}, nil
}
