package blast

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// VibrationModel predicts ground vibration for a charge at a distance,
// usually a site law calibrated from monitoring records.
type VibrationModel interface {
	PredictPPV(ctx context.Context, chargeKg, distanceM float64) (float64, error)
}

// Calendar holds the blast windows already booked on the site.
type Calendar interface {
	Booked(ctx context.Context, day time.Time) ([]Slot, error)
	Book(ctx context.Context, s Slot) error
}

// Slot is a reserved exclusion window.
type Slot struct {
	PlanID string
	Bench  string
	Start  time.Time
	End    time.Time
}

// Exceedance describes a delay group that breaks a structure's limit.
type Exceedance struct {
	GroupStartMs int
	Structure    string
	PPV          float64
	Limit        float64
}

// Assessment is the outcome of a vibration review.
type Assessment struct {
	PlanID      string
	Groups      int
	WorstPPV    float64
	WorstAt     string
	Exceedances []Exceedance
}

// Approved reports whether no limit is exceeded.
func (a Assessment) Approved() bool { return len(a.Exceedances) == 0 }

// ErrNotApproved is returned by Schedule for plans that exceed limits.
var ErrNotApproved = errors.New("blast plan exceeds vibration limits")

// Config controls a Scheduler.
type Config struct {
	Structures   []Structure
	Workers      int
	WindowMs     int // instantaneous-charge window, typically 8 ms
	FiringOpen   int // first hour of the day blasting is permitted
	FiringClose  int // hour after which blasting is not permitted
	MinSpacing   time.Duration
	SlotStepping time.Duration
	Logger       *log.Logger
}

func (c *Config) setDefaults() {
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.WindowMs <= 0 {
		c.WindowMs = 8
	}
	if c.FiringOpen == 0 && c.FiringClose == 0 {
		c.FiringOpen, c.FiringClose = 10, 16
	}
	if c.MinSpacing <= 0 {
		c.MinSpacing = 30 * time.Minute
	}
	if c.SlotStepping <= 0 {
		c.SlotStepping = 15 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = log.New(log.Writer(), "blast: ", log.LstdFlags)
	}
}

// Scheduler reviews blast plans and books firing windows.
type Scheduler struct {
	cfg      Config
	model    VibrationModel
	calendar Calendar
}

// NewScheduler builds a Scheduler.
func NewScheduler(cfg Config, model VibrationModel, cal Calendar) (*Scheduler, error) {
	if model == nil || cal == nil {
		return nil, errors.New("blast: model and calendar are required")
	}
	if len(cfg.Structures) == 0 {
		return nil, errors.New("blast: no monitored structures configured")
	}
	cfg.setDefaults()
	return &Scheduler{cfg: cfg, model: model, calendar: cal}, nil
}

type groupResult struct {
	group       delayGroup
	worst       float64
	worstAt     string
	exceedances []Exceedance
	err         error
}

// Evaluate predicts vibration at every structure for every delay group.
func (s *Scheduler) Evaluate(ctx context.Context, p Plan) (Assessment, error) {
	if err := p.Validate(); err != nil {
		return Assessment{}, err
	}
	groups := groupByDelay(p.Holes, s.cfg.WindowMs)

	jobs := make(chan delayGroup, len(groups))
	for _, g := range groups {
		jobs <- g
	}
	close(jobs)

	results := make(chan groupResult, len(groups))
	var wg sync.WaitGroup
	for i := 0; i < s.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for g := range jobs {
				res := s.evaluateGroup(ctx, g)
				results <- res
			}
		}()
	}

	a := Assessment{PlanID: p.ID, Groups: len(groups)}
	for i := 0; i < len(groups); i++ {
		r := <-results
		if r.err != nil {
			return Assessment{}, fmt.Errorf("plan %s, delay %d ms: %w", p.ID, r.group.StartMs, r.err)
		}
		if r.worst > a.WorstPPV {
			a.WorstPPV, a.WorstAt = r.worst, r.worstAt
		}
		a.Exceedances = append(a.Exceedances, r.exceedances...)
	}
	wg.Wait()

	sort.Slice(a.Exceedances, func(i, j int) bool {
		return a.Exceedances[i].GroupStartMs < a.Exceedances[j].GroupStartMs
	})
	return a, nil
}

func (s *Scheduler) evaluateGroup(ctx context.Context, g delayGroup) groupResult {
	res := groupResult{group: g}
	mic := g.MIC()
	for _, st := range s.cfg.Structures {
		ppv, err := s.model.PredictPPV(ctx, mic, g.nearest(st))
		if err != nil {
			res.err = fmt.Errorf("%s: %w", st.Name, err)
			return res
		}
		if ppv > res.worst {
			res.worst, res.worstAt = ppv, st.Name
		}
		if ppv > st.LimitPPV {
			res.exceedances = append(res.exceedances, Exceedance{
				GroupStartMs: g.StartMs, Structure: st.Name, PPV: ppv, Limit: st.LimitPPV,
			})
		}
	}
	return res
}

// Schedule evaluates the plan and, if approved, books the first free
// firing window on day.
func (s *Scheduler) Schedule(ctx context.Context, p Plan, day time.Time) (Slot, error) {
	a, err := s.Evaluate(ctx, p)
	if err != nil {
		return Slot{}, err
	}
	if !a.Approved() {
		s.cfg.Logger.Printf("plan %s rejected: %d exceedances, worst %.1f mm/s at %s",
			p.ID, len(a.Exceedances), a.WorstPPV, a.WorstAt)
		return Slot{}, ErrNotApproved
	}

	booked, err := s.calendar.Booked(ctx, day)
	if err != nil {
		return Slot{}, fmt.Errorf("reading calendar: %w", err)
	}
	slot, ok := s.firstFree(p, day, booked)
	if !ok {
		return Slot{}, fmt.Errorf("plan %s: no firing window left on %s", p.ID, day.Format("2006-01-02"))
	}
	if err := s.calendar.Book(ctx, slot); err != nil {
		return Slot{}, fmt.Errorf("booking %s: %w", p.ID, err)
	}
	s.cfg.Logger.Printf("plan %s booked %s-%s, worst %.1f mm/s at %s",
		p.ID, slot.Start.Format("15:04"), slot.End.Format("15:04"), a.WorstPPV, a.WorstAt)
	return slot, nil
}

func (s *Scheduler) firstFree(p Plan, day time.Time, booked []Slot) (Slot, bool) {
	y, m, d := day.Date()
	open := time.Date(y, m, d, s.cfg.FiringOpen, 0, 0, 0, day.Location())
	closeAt := time.Date(y, m, d, s.cfg.FiringClose, 0, 0, 0, day.Location())
	dur := p.Duration
	if dur <= 0 {
		dur = 20 * time.Minute
	}
	for start := open; !start.Add(dur).After(closeAt); start = start.Add(s.cfg.SlotStepping) {
		cand := Slot{PlanID: p.ID, Bench: p.Bench, Start: start, End: start.Add(dur)}
		if !s.clashes(cand, booked) {
			return cand, true
		}
	}
	return Slot{}, false
}

func (s *Scheduler) clashes(c Slot, booked []Slot) bool {
	for _, b := range booked {
		if c.Start.Before(b.End.Add(s.cfg.MinSpacing)) && b.Start.Before(c.End.Add(s.cfg.MinSpacing)) {
			return true
		}
	}
	return false
}
