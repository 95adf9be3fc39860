package farrier

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// Config holds the settings of a Yard.
type Config struct {
	Farriers   []string
	QueueLimit int
	HoofTime   time.Duration
	Forge      Forge
	Ledger     Ledger
	Logger     *log.Logger
}

func (c *Config) validate() error {
	if len(c.Farriers) == 0 {
		return errors.New("farrier: at least one farrier is required")
	}
	if c.Forge == nil || c.Ledger == nil {
		return errors.New("farrier: forge and ledger are required")
	}
	if c.QueueLimit <= 0 {
		c.QueueLimit = 32
	}
	if c.Logger == nil {
		c.Logger = log.Default()
	}
	return nil
}

// Yard runs the farriers of a livery yard, handing out booked horses as
// farriers become free.
type Yard struct {
	cfg  Config
	ctx  context.Context
	stop context.CancelFunc

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []*Appointment
	closed bool
	busy   map[string]string
	served int
}

// NewYard starts one worker per farrier.
func NewYard(cfg Config) (*Yard, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	y := &Yard{
		cfg:  cfg,
		ctx:  ctx,
		stop: stop,
		busy: make(map[string]string),
	}
	y.cond = sync.NewCond(&y.mu)
	for _, name := range cfg.Farriers {
		go y.work(name)
	}
	return y, nil
}

// Book queues a horse for the next free farrier. Lame horses go to the front
// of the queue.
func (y *Yard) Book(h Horse, w Work) (*Appointment, error) {
	if h.Name == "" {
		return nil, errors.New("farrier: horse has no name")
	}
	a := &Appointment{Horse: h, Work: w, Booked: time.Now(), done: make(chan Result, 1)}

	y.mu.Lock()
	defer y.mu.Unlock()
	if y.closed {
		return nil, ErrYardClosed
	}
	if len(y.queue) >= y.cfg.QueueLimit {
		return nil, ErrQueueFull
	}
	y.queue = append(y.queue, a)
	sort.SliceStable(y.queue, func(i, j int) bool {
		return y.queue[i].Horse.Lame && !y.queue[j].Horse.Lame
	})
	y.wake()
	return a, nil
}

// Close stops taking bookings. Horses already queued are still seen to.
func (y *Yard) Close() {
	y.mu.Lock()
	if y.closed {
		y.mu.Unlock()
		return
	}
	y.closed = true
	pending := len(y.queue)
	y.cond.Broadcast()
	y.mu.Unlock()
	y.cfg.Logger.Printf("farrier: yard closing with %d horses still queued", pending)
}

// Abort closes the yard and abandons work in progress.
func (y *Yard) Abort() {
	y.stop()
	y.Close()
}

// Stats reports how many horses have been seen and who is busy with whom.
func (y *Yard) Stats() (served int, queued int, busy map[string]string) {
	y.mu.Lock()
	defer y.mu.Unlock()
	busy = make(map[string]string, len(y.busy))
	for k, v := range y.busy {
		busy[k] = v
	}
	return y.served, len(y.queue), busy
}

func (y *Yard) wake() {
	y.cond.Signal()
}

func (y *Yard) next(farrier string) (*Appointment, bool) {
	y.mu.Lock()
	defer y.mu.Unlock()
	for len(y.queue) == 0 && !y.closed {
		y.cond.Wait()
	}
	if len(y.queue) == 0 {
		return nil, false
	}
	a := y.queue[0]
	y.queue[0] = nil
	y.queue = y.queue[1:]
	y.busy[farrier] = a.Horse.Name
	return a, true
}

func (y *Yard) finish(farrier string) {
	y.mu.Lock()
	delete(y.busy, farrier)
	y.served++
	y.mu.Unlock()
}

func (y *Yard) work(farrier string) {
	for {
		a, ok := y.next(farrier)
		if !ok {
			y.cfg.Logger.Printf("farrier: %s going home", farrier)
			return
		}
		res := y.shoe(farrier, a)
		if res.Err == nil {
			if err := y.cfg.Ledger.Record(y.ctx, res); err != nil {
				y.cfg.Logger.Printf("farrier: could not record %s for %s: %v", res.Work, res.Horse, err)
			}
		} else {
			y.cfg.Logger.Printf("farrier: %s could not finish %s: %v", farrier, a.Horse.Name, res.Err)
		}
		a.done <- res
		y.finish(farrier)
	}
}

func (y *Yard) shoe(farrier string, a *Appointment) Result {
	res := Result{Horse: a.Horse.Name, Work: a.Work, Farrier: farrier, Started: time.Now()}

	if a.Horse.Fractious {
		res.Err = ErrNeedsSedate
		res.Finished = time.Now()
		return res
	}
	if a.Work == Trim {
		if err := y.pause(y.cfg.HoofTime); err != nil {
			res.Err = err
		}
		res.Finished = time.Now()
		return res
	}
	for _, hoof := range a.Work.hooves() {
		if err := y.cfg.Forge.Shape(y.ctx, a.Horse.ShoeSize, hoof); err != nil {
			res.Err = fmt.Errorf("shaping %s shoe: %w", hoof, err)
			break
		}
		if err := y.pause(y.cfg.HoofTime); err != nil {
			res.Err = err
			break
		}
		res.Shod = append(res.Shod, hoof)
	}
	res.Finished = time.Now()
	return res
}

func (y *Yard) pause(d time.Duration) error {
	if d <= 0 {
		return y.ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-y.ctx.Done():
		return y.ctx.Err()
	}
}
