package cranes

import (
	"context"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Config configures a Scheduler.
type Config struct {
	Cranes []Crane
	// ShiftBudget caps how long a vessel operation may take before the
	// remaining work is handed to the next shift.
	ShiftBudget time.Duration
	Logger      *log.Logger
	Now         func() time.Time
}

// Scheduler splits a vessel's bays between the quay cranes and drives the
// cranes until the vessel is worked.
type Scheduler struct {
	cfg Config
	ctl CraneControl

	mu     sync.Mutex
	berths map[string]string // berth -> vessel being worked
}

// New validates cfg and returns a Scheduler.
func New(ctl CraneControl, cfg Config) (*Scheduler, error) {
	if len(cfg.Cranes) == 0 {
		return nil, ErrNoCranes
	}
	for _, c := range cfg.Cranes {
		if c.MovesPerHour <= 0 {
			return nil, fmt.Errorf("cranes: crane %s has no productivity rate", c.ID)
		}
	}
	if cfg.ShiftBudget <= 0 {
		cfg.ShiftBudget = 8 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Scheduler{cfg: cfg, ctl: ctl, berths: make(map[string]string)}, nil
}

// Plan splits the vessel's bays, ordered by bay number, into contiguous runs
// of roughly equal work and hands the runs to the cranes in quay order.
func (s *Scheduler) Plan(v Vessel) ([]Assignment, error) {
	total := v.TotalMoves()
	if total == 0 {
		return nil, ErrNoWork
	}
	bays := append([]Bay(nil), v.Bays...)
	sort.Slice(bays, func(i, j int) bool { return bays[i].Number < bays[j].Number })

	target := (total + len(s.cfg.Cranes) - 1) / len(s.cfg.Cranes)
	var plan []Assignment
	var run []Bay
	moves := 0
	for _, b := range bays {
		if b.Moves == 0 {
			continue
		}
		run = append(run, b)
		moves += b.Moves
		if moves >= target {
			plan = append(plan, s.assign(len(plan), run, moves))
			run, moves = nil, 0
		}
	}
	if len(run) > 0 {
		plan = append(plan, s.assign(len(plan), run, moves))
	}
	return plan, nil
}

func (s *Scheduler) assign(i int, bays []Bay, moves int) Assignment {
	crane := s.cfg.Cranes[i]
	return Assignment{
		Crane:    crane.ID,
		Bays:     bays,
		Moves:    moves,
		Estimate: time.Duration(float64(moves) / float64(crane.MovesPerHour) * float64(time.Hour)),
	}
}

// Work plans the vessel and runs every crane assignment in parallel. If a
// crane fails the others are stopped; if the shift budget runs out the
// report holds the moves completed so far.
func (s *Scheduler) Work(ctx context.Context, v Vessel) (Report, error) {
	plan, err := s.Plan(v)
	if err != nil {
		return Report{}, fmt.Errorf("plan %s: %w", v.Name, err)
	}
	if err := s.occupy(v); err != nil {
		return Report{}, err
	}
	defer s.vacate(v)

	rep := Report{Vessel: v.Name, Assignments: plan, Started: s.cfg.Now()}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ShiftBudget)
	defer cancel()

	var mu sync.Mutex
	completed := make(map[string]int)
	crew, jobCtx := newCrew(ctx, len(s.cfg.Cranes))
	for _, a := range plan {
		a := a
		s.cfg.Logger.Printf("%s: crane %s works bays %s (%d moves, est. %s)",
			v.Name, a.Crane, bayList(a.Bays), a.Moves, a.Estimate.Round(time.Minute))
		crew.start(func() error {
			n, err := s.ctl.Work(jobCtx, a.Crane, a.Bays)
			mu.Lock()
			completed[a.Crane] += n
			mu.Unlock()
			if err != nil {
				return fmt.Errorf("crane %s: %w", a.Crane, err)
			}
			return nil
		})
	}

	err = crew.wait(ctx)
	rep.Finished = s.cfg.Now()
	mu.Lock()
	rep.Completed = make(map[string]int, len(completed))
	for id, n := range completed {
		rep.Completed[id] = n
	}
	mu.Unlock()
	if err != nil {
		return rep, fmt.Errorf("work %s: %w", v.Name, err)
	}
	s.cfg.Logger.Printf("%s: %d moves completed", v.Name, v.TotalMoves())
	return rep, nil
}

func (s *Scheduler) occupy(v Vessel) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if other, ok := s.berths[v.Berth]; ok {
		return fmt.Errorf("%w: %s is working %s", ErrBerthTaken, v.Berth, other)
	}
	s.berths[v.Berth] = v.Name
	return nil
}

func (s *Scheduler) vacate(v Vessel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.berths, v.Berth)
}

func bayList(bays []Bay) string {
	if len(bays) == 1 {
		return fmt.Sprintf("%02d", bays[0].Number)
	}
	return fmt.Sprintf("%02d-%02d", bays[0].Number, bays[len(bays)-1].Number)
}
