package radionet

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Priority of a transmission as flagged by the radio (emergency button) or
// by the dispatcher.
type Priority int

const (
	PriorityRoutine Priority = iota
	PriorityUrgent
	PriorityEmergency
)

// Transmission is one push-to-talk over, with its transcript.
type Transmission struct {
	Talkgroup string
	Callsign  string
	Site      string
	At        time.Time
	Text      string
	Priority  Priority
}

// Repeater is the trunked repeater controller on the mountain.
type Repeater interface {
	OnReceive(func(Transmission))
	Transmit(ctx context.Context, site, talkgroup string, tx Transmission) error
}

// Logger is the subset of *log.Logger the net uses.
type Logger interface {
	Printf(format string, args ...interface{})
}

type silentLogger struct{}

func (silentLogger) Printf(string, ...interface{}) {}

var (
	ErrClosed           = errors.New("radionet: net closed")
	ErrUnknownTalkgroup = errors.New("radionet: unknown talkgroup")
)

// Config configures a Net.
type Config struct {
	Repeater        Repeater
	Sites           []string
	MainTalkgroup   string
	InboxSize       int
	TransmitTimeout time.Duration
	OnEmergency     func(Transmission)
	Clock           func() time.Time
	Logger          Logger
}

// Net is net control for the ski patrol: it tracks every radio it hears,
// and relays each talkgroup across the linked repeater sites in order.
type Net struct {
	cfg    Config
	log    Logger
	ctx    context.Context
	cancel context.CancelFunc

	mu      sync.Mutex
	relays  map[string]*relay
	roster  *roster
	closed  bool
	dropped int
}

// New validates cfg, registers with the repeater and returns the Net.
func New(cfg Config) (*Net, error) {
	if cfg.Repeater == nil {
		return nil, errors.New("radionet: Repeater is required")
	}
	if len(cfg.Sites) == 0 {
		return nil, errors.New("radionet: at least one repeater site is required")
	}
	if cfg.MainTalkgroup == "" {
		cfg.MainTalkgroup = "patrol-main"
	}
	if cfg.InboxSize <= 0 {
		cfg.InboxSize = 32
	}
	if cfg.TransmitTimeout <= 0 {
		cfg.TransmitTimeout = 2 * time.Second
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = silentLogger{}
	}
	n := &Net{
		cfg:    cfg,
		log:    cfg.Logger,
		relays: make(map[string]*relay),
		roster: newRoster(),
	}
	n.ctx, n.cancel = context.WithCancel(context.Background())
	cfg.Repeater.OnReceive(n.handleTransmission)
	return n, nil
}

func (n *Net) handleTransmission(tx Transmission) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		n.dropped++
		return
	}
	if tx.Talkgroup == "" {
		tx.Talkgroup = n.cfg.MainTalkgroup
	}
	if tx.At.IsZero() {
		tx.At = n.cfg.Clock()
	}
	n.roster.heardLocked(tx)
	r := n.ensureRelayLocked(tx.Talkgroup)
	select {
	case r.inbox <- tx:
	default:
		n.dropped++
		n.log.Printf("talkgroup %s: relay backlog full, %s not repeated", tx.Talkgroup, tx.Callsign)
	}
}

// Patroller returns what net control knows about a callsign.
func (n *Net) Patroller(callsign string) (Patroller, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	p, ok := n.roster.patrollers[callsign]
	if !ok {
		return Patroller{}, false
	}
	return *p, true
}

// OnTalkgroup lists the callsigns last heard on, or moved to, a talkgroup.
func (n *Net) OnTalkgroup(talkgroup string) []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.roster.onLocked(talkgroup)
}

// Dropped reports how many transmissions were not repeated.
func (n *Net) Dropped() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.dropped
}

// Close stops taking traffic, lets every relay repeat what it has queued
// and then releases the repeater links.
func (n *Net) Close(ctx context.Context) error {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil
	}
	n.closed = true
	relays := make([]*relay, 0, len(n.relays))
	for _, r := range n.relays {
		close(r.inbox)
		relays = append(relays, r)
	}
	n.mu.Unlock()
	defer n.cancel()

	for _, r := range relays {
		select {
		case <-r.done:
		case <-ctx.Done():
			return fmt.Errorf("radionet: talkgroup %s still draining: %w", r.talkgroup, ctx.Err())
		}
	}
	n.log.Printf("net closed, %d relays drained", len(relays))
	return nil
}
