package bedtransfer

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Logger is the subset of a structured logger the coordinator uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

type nopLogger struct{}

func (nopLogger) Printf(string, ...interface{}) {}

// Config tunes the coordinator.
type Config struct {
	// RequiredTimeout bounds the steps that must succeed before the bed is
	// confirmed.
	RequiredTimeout time.Duration
	// AdvisoryTimeout bounds the notifications that may finish after the
	// transfer has been confirmed.
	AdvisoryTimeout time.Duration
	// ChargeNurseTeam maps a unit to the pager group of its charge nurse.
	ChargeNurseTeam map[string]string
	Logger          Logger
}

func (c *Config) setDefaults() {
	if c.RequiredTimeout <= 0 {
		c.RequiredTimeout = 2 * time.Minute
	}
	if c.AdvisoryTimeout <= 0 {
		c.AdvisoryTimeout = 10 * time.Minute
	}
	if c.Logger == nil {
		c.Logger = nopLogger{}
	}
}

// Dependencies are the hospital systems the coordinator talks to.
type Dependencies struct {
	Beds      BedRegistry
	Pager     Pager
	Porters   PorterDispatch
	Telemetry TelemetryHub
	Records   RecordSystem
}

// Coordinator runs patient transfers between units.
type Coordinator struct {
	cfg   Config
	deps  Dependencies
	steps []step

	mu        sync.Mutex
	completed int
	failed    int
}

// NewCoordinator checks the dependencies and builds the transfer plan.
func NewCoordinator(cfg Config, deps Dependencies) (*Coordinator, error) {
	switch {
	case deps.Beds == nil:
		return nil, fmt.Errorf("bedtransfer: bed registry is required")
	case deps.Pager == nil:
		return nil, fmt.Errorf("bedtransfer: pager is required")
	case deps.Porters == nil:
		return nil, fmt.Errorf("bedtransfer: porter dispatch is required")
	case deps.Telemetry == nil:
		return nil, fmt.Errorf("bedtransfer: telemetry hub is required")
	case deps.Records == nil:
		return nil, fmt.Errorf("bedtransfer: record system is required")
	}
	cfg.setDefaults()
	c := &Coordinator{cfg: cfg, deps: deps}
	c.steps = c.plan()
	return c, nil
}

type stepResult struct {
	name string
	err  error
	eta  time.Duration
}

// Transfer holds a bed on the destination unit, runs the clinical handover
// steps and confirms the bed once every required step has succeeded.
// Advisory notifications are allowed to complete in the background.
func (c *Coordinator) Transfer(ctx context.Context, req TransferRequest) (*Result, error) {
	start := time.Now()
	if err := req.Validate(); err != nil {
		return nil, err
	}
	hold, err := c.deps.Beds.Hold(ctx, req.ToUnit, req.Patient.Acuity)
	if err != nil {
		c.recordOutcome(false)
		return nil, fmt.Errorf("transfer %s: hold bed on %s: %w", req.ID, req.ToUnit, err)
	}
	c.cfg.Logger.Printf("transfer %s: holding %s/%s for %s", req.ID, hold.Unit, hold.Bed, req.Patient.MRN)

	reqCtx, cancelReq := context.WithTimeout(ctx, c.cfg.RequiredTimeout)
	defer cancelReq()
	advCtx, cancelAdv := context.WithTimeout(context.Background(), c.cfg.AdvisoryTimeout)

	var wg sync.WaitGroup
	required := make(chan stepResult, len(c.steps))
	nRequired := 0
	for _, s := range c.steps {
		if s.applies != nil && !s.applies(req) {
			c.cfg.Logger.Printf("transfer %s: step %s not applicable", req.ID, s.name)
			continue
		}
		s := s
		wg.Add(1)
		if s.required {
			nRequired++
			go func() {
				defer wg.Done()
				eta, err := s.run(reqCtx, req, hold)
				required <- stepResult{name: s.name, err: err, eta: eta}
			}()
			continue
		}
		go func() {
			defer wg.Done()
			if _, err := s.run(advCtx, req, hold); err != nil {
				c.cfg.Logger.Printf("transfer %s: advisory step %s failed: %v", req.ID, s.name, err)
			}
		}()
	}

	go func() {
		wg.Wait()
		cancelAdv()
		c.cfg.Logger.Printf("transfer %s: all steps settled", req.ID)
	}()

	var firstErr error
	var eta time.Duration
	for i := 0; i < nRequired; i++ {
		r := <-required
		if r.err != nil && firstErr == nil {
			firstErr = fmt.Errorf("transfer %s: step %s: %w", req.ID, r.name, r.err)
			cancelReq()
		}
		if r.eta > eta {
			eta = r.eta
		}
	}
	if firstErr != nil {
		if err := c.deps.Beds.Release(context.Background(), hold); err != nil {
			c.cfg.Logger.Printf("transfer %s: release hold %s: %v", req.ID, hold.ID, err)
		}
		c.recordOutcome(false)
		return nil, firstErr
	}

	if err := c.deps.Beds.Confirm(ctx, hold, req.Patient.MRN); err != nil {
		c.recordOutcome(false)
		return nil, fmt.Errorf("transfer %s: confirm %s/%s: %w", req.ID, hold.Unit, hold.Bed, err)
	}
	c.recordOutcome(true)
	return &Result{
		TransferID: req.ID,
		Unit:       hold.Unit,
		Bed:        hold.Bed,
		PorterETA:  eta,
		Took:       time.Since(start),
	}, nil
}

func (c *Coordinator) recordOutcome(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ok {
		c.completed++
	} else {
		c.failed++
	}
}

// Stats reports how many transfers completed and failed.
func (c *Coordinator) Stats() (completed, failed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.completed, c.failed
}
