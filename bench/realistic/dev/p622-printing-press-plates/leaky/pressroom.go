package pressroom

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Platesetter images plates (computer-to-plate).
type Platesetter interface {
	Image(ctx context.Context, job Job, ink Ink) (Plate, error)
}

// Press is a sheet-fed press that can be plated up and run.
type Press interface {
	Name() string
	Units() int
	Mount(ctx context.Context, plates []Plate) error
	Run(ctx context.Context, sheets int) (printed int, err error)
	Unmount(ctx context.Context) error
}

// Config configures a Pressroom.
type Config struct {
	// RackSlots is how many plate sets the staging rack holds; 0 means no limit.
	RackSlots int
	// RunTimeout bounds a single job on press, including makeready.
	RunTimeout time.Duration
	// Logger receives operational messages; nil discards them.
	Logger *log.Logger
}

// Stats is a snapshot of pressroom throughput.
type Stats struct {
	Racked      int
	Completed   int
	Failed      int
	SheetsGood  int
	SheetsWaste int
}

// Pressroom schedules imaged plate sets onto a fleet of presses.
type Pressroom struct {
	cfg     Config
	setter  Platesetter
	presses []Press
	rack    *plateRack
	log     *log.Logger

	ctx     context.Context
	cancel  context.CancelFunc
	stopped []chan struct{}

	mu    sync.Mutex
	stats Stats
}

// NewPressroom starts one operator loop per press. Call Shutdown to stop them.
func NewPressroom(cfg Config, setter Platesetter, presses ...Press) (*Pressroom, error) {
	if setter == nil {
		return nil, errors.New("pressroom: a platesetter is required")
	}
	if len(presses) == 0 {
		return nil, errors.New("pressroom: at least one press is required")
	}
	if cfg.RunTimeout <= 0 {
		cfg.RunTimeout = 30 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pressroom{
		cfg:     cfg,
		setter:  setter,
		presses: presses,
		rack:    newPlateRack(cfg.RackSlots),
		log:     cfg.Logger,
		ctx:     ctx,
		cancel:  cancel,
	}
	for _, pr := range presses {
		done := make(chan struct{})
		p.stopped = append(p.stopped, done)
		go p.operate(pr, done)
	}
	return p, nil
}

// Submit images the plates for job and racks them for the next free press.
func (p *Pressroom) Submit(ctx context.Context, job Job) error {
	if err := job.Validate(); err != nil {
		return err
	}
	if units := p.minUnits(); len(job.Inks) > units {
		return fmt.Errorf("pressroom: job %s needs %d printing units, smallest press has %d",
			job.ID, len(job.Inks), units)
	}
	set := PlateSet{Job: job, Plates: make([]Plate, 0, len(job.Inks))}
	for _, ink := range job.Inks {
		plate, err := p.setter.Image(ctx, job, ink)
		if err != nil {
			return fmt.Errorf("pressroom: imaging %s plate for job %s: %w", ink, job.ID, err)
		}
		set.Plates = append(set.Plates, plate)
	}
	if err := p.rack.put(set); err != nil {
		return fmt.Errorf("pressroom: racking job %s: %w", job.ID, err)
	}
	p.mu.Lock()
	p.stats.Racked++
	p.mu.Unlock()
	p.log.Printf("job %s racked with %d plates", job.ID, len(set.Plates))
	return nil
}

// minUnits is the unit count of the smallest press. Any press may pick up any
// racked set, so a job must fit all of them.
func (p *Pressroom) minUnits() int {
	smallest := p.presses[0].Units()
	for _, pr := range p.presses[1:] {
		if u := pr.Units(); u < smallest {
			smallest = u
		}
	}
	return smallest
}

// Stats returns current throughput counters.
func (p *Pressroom) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stats
}

func (p *Pressroom) operate(pr Press, done chan<- struct{}) {
	defer close(done)
	for {
		set, ok := p.rack.take()
		if !ok {
			p.log.Printf("%s: rack closed, press stopping", pr.Name())
			return
		}
		good, err := p.print(pr, set)
		p.finish(pr, set, good, err)
	}
}

func (p *Pressroom) print(pr Press, set PlateSet) (int, error) {
	ctx, cancel := context.WithTimeout(p.ctx, p.cfg.RunTimeout)
	defer cancel()
	if err := pr.Mount(ctx, set.Plates); err != nil {
		return 0, fmt.Errorf("mount: %w", err)
	}
	defer func() {
		if err := pr.Unmount(ctx); err != nil {
			p.log.Printf("%s: unmount after job %s: %v", pr.Name(), set.Job.ID, err)
		}
	}()
	printed, err := pr.Run(ctx, set.Job.Sheets+set.Job.Makeready)
	if err != nil {
		return 0, fmt.Errorf("run: %w", err)
	}
	good := printed - set.Job.Makeready
	if good < set.Job.Sheets {
		return good, fmt.Errorf("short run: %d of %d good sheets", good, set.Job.Sheets)
	}
	return good, nil
}

func (p *Pressroom) finish(pr Press, set PlateSet, good int, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.stats.Failed++
		p.log.Printf("%s: job %s failed: %v", pr.Name(), set.Job.ID, err)
		return
	}
	p.stats.Completed++
	p.stats.SheetsGood += good
	p.stats.SheetsWaste += set.Job.Makeready
	p.log.Printf("%s: job %s done, %d good sheets", pr.Name(), set.Job.ID, good)
}

// Shutdown stops accepting work, lets the presses finish whatever is already
// racked and waits for them to stop. If ctx expires first, jobs still on press
// are aborted and ctx's error is returned.
func (p *Pressroom) Shutdown(ctx context.Context) error {
	p.rack.close()
	defer p.cancel()
	for i, done := range p.stopped {
		select {
		case <-done:
		case <-ctx.Done():
			p.log.Printf("shutdown: %s still running, %d plate sets racked",
				p.presses[i].Name(), p.rack.waiting())
			return fmt.Errorf("pressroom: shutdown: %w", ctx.Err())
		}
	}
	return nil
}
