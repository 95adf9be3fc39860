package bulktank

import (
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Compressor switches the refrigeration unit of the tank, usually through a
// relay on the farm's PLC.
type Compressor interface {
	Start() error
	Stop() error
}

// AlarmSink receives alarms for the farm's notification system.
type AlarmSink interface {
	Raise(a Alarm)
}

// AlarmKind classifies tank alarms.
type AlarmKind string

const (
	AlarmHighTemp        AlarmKind = "high-temp"
	AlarmLongRun         AlarmKind = "long-run"
	AlarmCompressorFault AlarmKind = "compressor-fault"
)

// Alarm is raised when the tank leaves its normal operating range.
type Alarm struct {
	Kind   AlarmKind
	TempC  float64
	At     time.Time
	Detail string
}

// Config describes the tank and its cooling rules.
type Config struct {
	CapacityLitres  float64
	SetpointC       float64       // target milk temperature
	HysteresisC     float64       // compressor cuts in at SetpointC+HysteresisC
	MinVolumeLitres float64       // below this the evaporator plate is not covered
	MaxRunTime      time.Duration // longest single cycle before a long-run alarm
	HighTempAlarmC  float64       // alarm when stored milk is warmer than this
	Compressor      Compressor
	Alarms          AlarmSink
	Logger          *log.Logger
}

var (
	ErrNotEmpty = errors.New("bulktank: tank is not empty")
	ErrWashing  = errors.New("bulktank: wash cycle in progress")
	ErrOverfill = errors.New("bulktank: tank capacity exceeded")
	ErrTooWarm  = errors.New("bulktank: milk not cooled for collection")
	ErrClosed   = errors.New("bulktank: controller closed")
)

// Controller runs the cooling of one bulk milk tank. Milk volume and probe
// temperature are pushed in by the parlour and the probe poller; a control
// goroutine switches the compressor.
type Controller struct {
	cfg Config
	log *log.Logger

	mu      sync.Mutex
	cond    *sync.Cond
	tempC   float64
	volume  float64
	washing bool
	faulted bool
	stopped bool
	running bool
	cycles  int
	runTime time.Duration
	done    chan struct{}
}

// New validates cfg and starts the control goroutine.
func New(cfg Config) (*Controller, error) {
	if cfg.Compressor == nil {
		return nil, errors.New("bulktank: config needs a Compressor")
	}
	if cfg.CapacityLitres <= 0 || cfg.MinVolumeLitres >= cfg.CapacityLitres {
		return nil, fmt.Errorf("bulktank: bad volumes: capacity %.0f L, minimum %.0f L", cfg.CapacityLitres, cfg.MinVolumeLitres)
	}
	if cfg.HysteresisC <= 0 {
		cfg.HysteresisC = 0.5
	}
	if cfg.MaxRunTime <= 0 {
		cfg.MaxRunTime = 3 * time.Hour
	}
	if cfg.HighTempAlarmC <= 0 {
		cfg.HighTempAlarmC = cfg.SetpointC + 4
	}
	c := &Controller{cfg: cfg, log: cfg.Logger, done: make(chan struct{})}
	if c.log == nil {
		c.log = log.New(io.Discard, "", 0)
	}
	c.cond = sync.NewCond(&c.mu)
	go c.loop()
	return c, nil
}

// Observe records a probe reading.
func (c *Controller) Observe(tempC float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tempC = tempC
	if c.volume > 0 && !c.washing && !c.running && tempC > c.cfg.HighTempAlarmC {
		c.raiseLocked(AlarmHighTemp, "milk warm and compressor idle")
	}
	c.cond.Broadcast()
}

// AddMilk records milk pumped in from the parlour at the given temperature.
func (c *Controller) AddMilk(litres, milkTempC float64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.stopped:
		return ErrClosed
	case c.washing:
		return ErrWashing
	case c.volume+litres > c.cfg.CapacityLitres:
		return fmt.Errorf("%w: %.0f L + %.0f L", ErrOverfill, c.volume, litres)
	}
	if c.volume == 0 {
		c.tempC = milkTempC
	} else {
		c.tempC = (c.tempC*c.volume + milkTempC*litres) / (c.volume + litres)
	}
	c.volume += litres
	c.cond.Broadcast()
	return nil
}

// Collect empties the tank into the milk truck and returns the volume.
func (c *Controller) Collect() (float64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tempC > c.cfg.SetpointC+c.cfg.HysteresisC {
		return 0, fmt.Errorf("%w: %.1f °C", ErrTooWarm, c.tempC)
	}
	v := c.volume
	c.volume = 0
	c.cond.Broadcast()
	c.log.Printf("collected %.0f L at %.1f °C", v, c.tempC)
	return v, nil
}

// StartWash begins the clean-in-place cycle; the tank must be empty.
func (c *Controller) StartWash() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.volume > 0 {
		return ErrNotEmpty
	}
	c.washing = true
	c.cond.Broadcast()
	return nil
}

// FinishWash ends the clean-in-place cycle.
func (c *Controller) FinishWash() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.washing = false
	c.cond.Broadcast()
}

// ResetFault re-enables the compressor after a fault was dealt with.
func (c *Controller) ResetFault() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.faulted = false
	c.cond.Broadcast()
}

// Close stops the controller; the control goroutine switches the compressor
// off on its way out. Done is closed once it has.
func (c *Controller) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	c.cond.Broadcast()
}

// Done is closed when the control goroutine has exited.
func (c *Controller) Done() <-chan struct{} { return c.done }

// Stats returns the number of compressor cycles and their total run time.
func (c *Controller) Stats() (cycles int, runTime time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cycles, c.runTime
}

func (c *Controller) raiseLocked(kind AlarmKind, detail string) {
	c.log.Printf("alarm %s at %.1f °C: %s", kind, c.tempC, detail)
	if c.cfg.Alarms != nil {
		c.cfg.Alarms.Raise(Alarm{Kind: kind, TempC: c.tempC, At: time.Now(), Detail: detail})
	}
}
