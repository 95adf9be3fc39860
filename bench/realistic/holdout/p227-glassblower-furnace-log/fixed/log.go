package furnacelog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

var (
	ErrUnknownFurnace  = errors.New("furnacelog: unknown furnace")
	ErrUnknownOperator = errors.New("furnacelog: unknown operator")
	ErrNotAuthorized   = errors.New("furnacelog: operator not authorized")
	ErrNoAlarm         = errors.New("furnacelog: no active alarm")
	ErrStaleReading    = errors.New("furnacelog: reading older than last sample")
	ErrClosed          = errors.New("furnacelog: log closed")
)

// EntryKind tags a log entry.
type EntryKind string

const (
	EntryReading EntryKind = "reading"
	EntryAlarm   EntryKind = "alarm"
	EntryAck     EntryKind = "ack"
)

// Entry is one line of the furnace log as written to the sink.
type Entry struct {
	Kind    EntryKind
	Furnace string
	Celsius float64
	At      time.Time
	Note    string
}

// Sink persists log entries (a file, a database, the studio's cloud log).
type Sink interface {
	WriteEntries(ctx context.Context, entries []Entry) error
}

// Config controls batching and shutdown.
type Config struct {
	Furnaces     []Furnace
	Operators    map[string]Role
	FlushEvery   time.Duration
	BatchSize    int
	MaxPending   int
	WriteTimeout time.Duration
	CloseTimeout time.Duration
	Logger       *log.Logger
}

// Log records furnace temperatures, raises alarms and batches everything
// to a Sink in the background.
type Log struct {
	cfg    Config
	sink   Sink
	logger *log.Logger

	mu      sync.Mutex
	state   map[string]*furnaceState
	pending []Entry

	kick      chan struct{}
	quit      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
}

// New validates cfg and starts the background writer.
func New(cfg Config, sink Sink) (*Log, error) {
	if sink == nil {
		return nil, errors.New("furnacelog: sink is required")
	}
	if len(cfg.Furnaces) == 0 {
		return nil, errors.New("furnacelog: no furnaces configured")
	}
	if cfg.FlushEvery <= 0 {
		cfg.FlushEvery = 5 * time.Second
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 64
	}
	if cfg.MaxPending < cfg.BatchSize {
		cfg.MaxPending = 16 * cfg.BatchSize
	}
	if cfg.WriteTimeout <= 0 {
		cfg.WriteTimeout = 3 * time.Second
	}
	if cfg.CloseTimeout <= 0 {
		cfg.CloseTimeout = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	l := &Log{
		cfg:    cfg,
		sink:   sink,
		logger: cfg.Logger,
		state:  make(map[string]*furnaceState, len(cfg.Furnaces)),
		kick:   make(chan struct{}, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
	}
	for _, f := range cfg.Furnaces {
		if _, dup := l.state[f.ID]; dup {
			return nil, fmt.Errorf("furnacelog: furnace %q configured twice", f.ID)
		}
		l.state[f.ID] = &furnaceState{furnace: f}
	}
	go l.run()
	return l, nil
}

// Record logs a reading and raises an alarm if it leaves the envelope.
func (l *Log) Record(r Reading) error {
	select {
	case <-l.quit:
		return ErrClosed
	default:
	}
	l.mu.Lock()
	st, ok := l.state[r.Furnace]
	if !ok {
		l.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrUnknownFurnace, r.Furnace)
	}
	if st.hasLast && !r.At.After(st.last.At) {
		l.mu.Unlock()
		return ErrStaleReading
	}
	alarm := st.evaluate(r)
	st.last, st.hasLast = r, true
	st.readings++
	l.pending = append(l.pending, Entry{Kind: EntryReading, Furnace: r.Furnace, Celsius: r.Celsius, At: r.At})
	raised := alarm != "" && st.alarm == ""
	if raised {
		st.alarm, st.alarmAt, st.ackedBy = alarm, r.At, ""
		l.pending = append(l.pending, Entry{Kind: EntryAlarm, Furnace: r.Furnace, Celsius: r.Celsius, At: r.At, Note: alarm})
	}
	full := len(l.pending) >= l.cfg.BatchSize
	l.mu.Unlock()

	if raised {
		l.logger.Printf("furnacelog: ALARM %s: %s", r.Furnace, alarm)
	}
	if full {
		select {
		case l.kick <- struct{}{}:
		default:
		}
	}
	return nil
}

// Acknowledge clears the active alarm of a furnace on behalf of operator.
// Annealer alarms may ruin a whole kiln load and need a gaffer or above.
func (l *Log) Acknowledge(furnaceID, operator string, at time.Time) error {
	role, ok := l.cfg.Operators[operator]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownOperator, operator)
	}
	l.mu.Lock()
	st, ok := l.state[furnaceID]
	if !ok {
		l.mu.Unlock()
		return fmt.Errorf("%w: %q", ErrUnknownFurnace, furnaceID)
	}
	if st.alarm == "" {
		l.mu.Unlock()
		return fmt.Errorf("%w on %s", ErrNoAlarm, furnaceID)
	}
	if st.furnace.Kind == Annealer && role < Gaffer {
		l.mu.Unlock()
		return fmt.Errorf("%w: %s cannot acknowledge %s alarms", ErrNotAuthorized, operator, st.furnace.Kind)
	}
	note := fmt.Sprintf("acknowledged by %s: %s", operator, st.alarm)
	st.alarm, st.ackedBy = "", operator
	l.pending = append(l.pending, Entry{Kind: EntryAck, Furnace: furnaceID, At: at, Note: note})
	l.mu.Unlock()
	return nil
}

// Status returns the current state of a furnace.
func (l *Log) Status(furnaceID string) (Status, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st, ok := l.state[furnaceID]
	if !ok {
		return Status{}, fmt.Errorf("%w: %q", ErrUnknownFurnace, furnaceID)
	}
	return st.snapshot(), nil
}

// Close stops accepting readings and flushes what is pending. It waits at
// most CloseTimeout for the final write.
func (l *Log) Close() {
	l.closeOnce.Do(func() { close(l.quit) })
	t := time.NewTimer(l.cfg.CloseTimeout)
	defer t.Stop()
	select {
	case <-l.done:
	case <-t.C:
		l.logger.Printf("furnacelog: final flush still running after %s", l.cfg.CloseTimeout)
	}
}

func (l *Log) run() {
	defer close(l.done)
	ticker := time.NewTicker(l.cfg.FlushEvery)
	defer ticker.Stop()
	for {
		select {
		case <-ticker.C:
			l.flush()
		case <-l.kick:
			l.flush()
		case <-l.quit:
			l.flush()
			return
		}
	}
}

func (l *Log) flush() {
	l.mu.Lock()
	batch := l.pending
	l.pending = nil
	l.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.WriteTimeout)
	defer cancel()
	if err := l.sink.WriteEntries(ctx, batch); err != nil {
		l.logger.Printf("furnacelog: writing %d entries: %v", len(batch), err)
		l.mu.Lock()
		l.pending = append(batch, l.pending...)
		if over := len(l.pending) - l.cfg.MaxPending; over > 0 {
			l.logger.Printf("furnacelog: dropping %d oldest entries", over)
			l.pending = l.pending[over:]
		}
		l.mu.Unlock()
	}
}
