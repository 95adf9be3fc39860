package rehearsal

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sort"
	"sync"
	"time"
)

// ErrNotEnoughSlots is returned when the venue cannot fit the programme.
var ErrNotEnoughSlots = errors.New("not enough free rehearsal slots")

// Config describes the concert being prepared.
type Config struct {
	Concert     time.Time
	Lead        time.Duration // how far ahead rehearsals may start
	TuttiCount  int           // full-choir rehearsals, the last being the dress
	QueueLength int           // notices buffered per section
	SendTimeout time.Duration
	Logger      *log.Logger
}

// Planner builds a rehearsal schedule and keeps section leaders informed.
type Planner struct {
	cfg    Config
	venue  Venue
	mailer Mailer
	board  *noticeBoard

	mu         sync.Mutex
	leaders    map[Section]Contact
	rehearsals map[string]Rehearsal
}

// New returns a Planner for cfg.
func New(cfg Config, v Venue, m Mailer) (*Planner, error) {
	if cfg.Concert.IsZero() {
		return nil, errors.New("rehearsal: concert date required")
	}
	if v == nil || m == nil {
		return nil, errors.New("rehearsal: venue and mailer required")
	}
	if cfg.Lead <= 0 {
		cfg.Lead = 6 * 7 * 24 * time.Hour
	}
	if cfg.TuttiCount <= 0 {
		cfg.TuttiCount = 2
	}
	if cfg.QueueLength <= 0 {
		cfg.QueueLength = 16
	}
	if cfg.SendTimeout <= 0 {
		cfg.SendTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Planner{
		cfg: cfg, venue: v, mailer: m,
		board:      newNoticeBoard(cfg.QueueLength, cfg.Logger),
		leaders:    make(map[Section]Contact),
		rehearsals: make(map[string]Rehearsal),
	}, nil
}

// SetLeader makes c the leader for section s; later notices for s go to c.
func (p *Planner) SetLeader(s Section, c Contact) error {
	if c.Email == "" {
		return fmt.Errorf("leader for %s has no email", s)
	}
	p.mu.Lock()
	prev, had := p.leaders[s]
	p.leaders[s] = c
	p.mu.Unlock()
	if had && prev != c {
		p.cfg.Logger.Printf("rehearsal: %s leader %s replaced by %s", s, prev.Name, c.Name)
	}

	ok := p.board.subscribe(s, func(n Notice) {
		subject, body := render(s, c, n)
		ctx, cancel := context.WithTimeout(context.Background(), p.cfg.SendTimeout)
		defer cancel()
		if err := p.mailer.Send(ctx, c, subject, body); err != nil {
			p.cfg.Logger.Printf("rehearsal: mail to %s <%s> failed: %v", c.Name, c.Email, err)
		}
	})
	if !ok {
		return errors.New("rehearsal: planner closed")
	}
	return nil
}

// Plan books sectionals in the early slots and full-choir rehearsals in
// the last slots before the concert, then notifies section leaders.
func (p *Planner) Plan(ctx context.Context, pieces []Piece) ([]Rehearsal, error) {
	sections := sectionsOf(pieces)
	if len(sections) == 0 {
		return nil, errors.New("rehearsal: programme has no parts")
	}
	slots, err := p.venue.FreeSlots(ctx, p.cfg.Concert.Add(-p.cfg.Lead), p.cfg.Concert)
	if err != nil {
		return nil, fmt.Errorf("rehearsal: venue: %w", err)
	}
	sort.Slice(slots, func(i, j int) bool { return slots[i].Start.Before(slots[j].Start) })
	if need := len(sections) + p.cfg.TuttiCount; len(slots) < need {
		return nil, fmt.Errorf("%w: have %d, need %d", ErrNotEnoughSlots, len(slots), need)
	}

	split := len(slots) - p.cfg.TuttiCount
	var all []string
	for _, pc := range pieces {
		all = append(all, pc.Title)
	}

	var plan []Rehearsal
	for i, sl := range slots[:split] {
		s := sections[i%len(sections)]
		plan = append(plan, Rehearsal{
			ID:   fmt.Sprintf("%s-%s", sl.Start.Format("0102"), s),
			Kind: Sectional, Slot: sl, Sections: []Section{s}, Pieces: piecesFor(s, pieces),
		})
	}
	for i, sl := range slots[split:] {
		kind := Tutti
		if i == p.cfg.TuttiCount-1 {
			kind = Dress
		}
		plan = append(plan, Rehearsal{
			ID:   fmt.Sprintf("%s-%s", sl.Start.Format("0102"), kind),
			Kind: kind, Slot: sl, Sections: sections, Pieces: all,
		})
	}

	p.mu.Lock()
	for _, r := range plan {
		p.rehearsals[r.ID] = r
	}
	p.mu.Unlock()

	for _, r := range plan {
		if missing := p.board.publish(Notice{Change: Scheduled, Rehearsal: r}); len(missing) > 0 {
			p.cfg.Logger.Printf("rehearsal: no leader to tell about %s for %v", r.ID, missing)
		}
	}
	return plan, nil
}

// Cancel removes a rehearsal and tells the sections involved.
func (p *Planner) Cancel(id, reason string) error {
	p.mu.Lock()
	r, ok := p.rehearsals[id]
	delete(p.rehearsals, id)
	p.mu.Unlock()
	if !ok {
		return fmt.Errorf("rehearsal %s not found", id)
	}
	p.board.publish(Notice{Change: Cancelled, Rehearsal: r, Reason: reason})
	return nil
}

// Close stops notice delivery. Notices already queued are still sent.
func (p *Planner) Close() {
	p.board.close()
}
