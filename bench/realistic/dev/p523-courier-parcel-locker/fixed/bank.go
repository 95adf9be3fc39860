package locker

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Doors is the locker controller board.
type Doors interface {
	// Open releases the door latch and returns once the door has swung open.
	Open(ctx context.Context, slotID string) error
}

// Notifier tells recipients that a parcel is waiting.
type Notifier interface {
	ParcelReady(ctx context.Context, n Notice) error
}

// Notice is sent to the recipient after a successful deposit.
type Notice struct {
	LockerID  string
	SlotID    string
	Tracking  string
	Recipient string
	Code      string
}

// Reservation holds a compartment for a courier on the way to the locker.
type Reservation struct {
	ID      string
	SlotID  string
	Size    Size
	Expires time.Time
}

var (
	ErrDoorJammed         = errors.New("locker: door jammed")
	ErrNoCompartment      = errors.New("locker: no free compartment")
	ErrUnknownReservation = errors.New("locker: unknown reservation")
	ErrReservationLapsed  = errors.New("locker: reservation lapsed")
	ErrParcelTooLarge     = errors.New("locker: parcel does not fit")
	ErrBadCode            = errors.New("locker: wrong pickup code")
	ErrClosed             = errors.New("locker: bank closed")
	errDuplicateSlot      = errors.New("locker: duplicate compartment id")
)

// Config describes a locker bank.
type Config struct {
	LockerID    string
	Slots       []SlotSpec
	HoldTTL     time.Duration
	DoorTimeout time.Duration
}

// Option customises a Bank.
type Option func(*Bank)

// WithLogger sends operational messages to l.
func WithLogger(l *log.Logger) Option { return func(b *Bank) { b.logger = l } }

// WithCodeSource replaces the random pickup code generator.
func WithCodeSource(fn func() (string, error)) Option { return func(b *Bank) { b.newCode = fn } }

// Bank manages the compartments of one parcel locker.
type Bank struct {
	cfg     Config
	doors   Doors
	notify  Notifier
	logger  *log.Logger
	newCode func() (string, error)
	slots   map[string]*slot

	mu           sync.Mutex
	free         map[Size][]string
	reservations map[string]string
	holds        map[string]*time.Timer
	codes        map[string]string
	seq          int
	closed       bool
}

// New builds a bank with every compartment free.
func New(cfg Config, doors Doors, notify Notifier, opts ...Option) (*Bank, error) {
	if cfg.LockerID == "" || len(cfg.Slots) == 0 {
		return nil, errors.New("locker: id and compartments required")
	}
	if cfg.HoldTTL <= 0 {
		cfg.HoldTTL = 30 * time.Minute
	}
	if cfg.DoorTimeout <= 0 {
		cfg.DoorTimeout = 5 * time.Second
	}
	b := &Bank{
		cfg:          cfg,
		doors:        doors,
		notify:       notify,
		logger:       log.New(io.Discard, "", 0),
		newCode:      randomCode,
		slots:        make(map[string]*slot, len(cfg.Slots)),
		free:         make(map[Size][]string),
		reservations: make(map[string]string),
		holds:        make(map[string]*time.Timer),
		codes:        make(map[string]string),
	}
	for _, o := range opts {
		o(b)
	}
	for _, spec := range cfg.Slots {
		if _, dup := b.slots[spec.ID]; dup {
			return nil, fmt.Errorf("%w: %s", errDuplicateSlot, spec.ID)
		}
		b.slots[spec.ID] = &slot{id: spec.ID, size: spec.Size}
		b.free[spec.Size] = append(b.free[spec.Size], spec.ID)
	}
	return b, nil
}

// Reserve holds the smallest free compartment that fits size.
func (b *Bank) Reserve(ctx context.Context, size Size) (Reservation, error) {
	if err := ctx.Err(); err != nil {
		return Reservation{}, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return Reservation{}, ErrClosed
	}
	for sz := size; sz <= Large; sz++ {
		ids := b.free[sz]
		if len(ids) == 0 {
			continue
		}
		s := b.slots[ids[0]]
		b.free[sz] = ids[1:]

		b.seq++
		res := Reservation{
			ID:      fmt.Sprintf("%s-R%04d", b.cfg.LockerID, b.seq),
			SlotID:  s.id,
			Size:    s.size,
			Expires: time.Now().Add(b.cfg.HoldTTL),
		}
		s.mu.Lock()
		s.state = slotReserved
		s.reservation = res.ID
		s.mu.Unlock()

		b.reservations[res.ID] = s.id
		b.holds[res.ID] = time.AfterFunc(b.cfg.HoldTTL, func() { b.expireHold(s, res.ID) })
		b.logger.Printf("locker %s: %s holds %s (%s)", b.cfg.LockerID, res.ID, s.id, s.size)
		return res, nil
	}
	return Reservation{}, fmt.Errorf("%w of size %s or larger", ErrNoCompartment, size)
}

// Available reports how many compartments of exactly size are free.
func (b *Bank) Available(size Size) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.free[size])
}

// Close stops pending reservation holds and refuses new work.
func (b *Bank) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	for id, t := range b.holds {
		t.Stop()
		delete(b.holds, id)
	}
	b.logger.Printf("locker %s: closed", b.cfg.LockerID)
	return nil
}
