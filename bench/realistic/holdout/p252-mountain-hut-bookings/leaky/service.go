package huts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sort"
	"sync"
	"time"
)

// Options configures a Service.
type Options struct {
	PublishInterval time.Duration
	Horizon         int
	ShutdownTimeout time.Duration
	Logger          *log.Logger
	Now             func() time.Time
}

type hut struct {
	info HutInfo

	mu       sync.RWMutex
	occupied map[string]int
	bookings map[string]*Booking
}

// Service takes bookings for a group of mountain huts and keeps the club
// portal up to date.
type Service struct {
	opts     Options
	payments Payments
	portal   Portal
	log      *log.Logger

	huts   map[string]*hut
	hutIDs []string

	seqMu sync.Mutex
	seq   int

	cancel context.CancelFunc
	done   chan struct{}
}

// New creates the service and starts publishing availability.
func New(infos []HutInfo, payments Payments, portal Portal, opts Options) (*Service, error) {
	if payments == nil || portal == nil {
		return nil, errors.New("huts: payments and portal are required")
	}
	if opts.PublishInterval <= 0 {
		opts.PublishInterval = time.Minute
	}
	if opts.Horizon <= 0 {
		opts.Horizon = 14
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	logger := opts.Logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	s := &Service{opts: opts, payments: payments, portal: portal, log: logger, huts: make(map[string]*hut)}
	for _, in := range infos {
		if in.ID == "" || in.Beds <= 0 {
			return nil, fmt.Errorf("huts: invalid hut %+v", in)
		}
		if _, dup := s.huts[in.ID]; dup {
			return nil, fmt.Errorf("huts: duplicate hut %s", in.ID)
		}
		s.huts[in.ID] = &hut{info: in, occupied: make(map[string]int), bookings: make(map[string]*Booking)}
		s.hutIDs = append(s.hutIDs, in.ID)
	}
	sort.Strings(s.hutIDs)

	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.done = make(chan struct{})
	go s.publishLoop(ctx)
	return s, nil
}

// Reserve books beds for a group. The deposit is authorised while the beds
// are held so that two groups cannot get the last beds.
func (s *Service) Reserve(ctx context.Context, req Request) (*Booking, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	h, ok := s.huts[req.HutID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrUnknownHut, req.HutID)
	}
	night := nightKey(req.Night)

	h.mu.Lock()
	if free := h.info.Beds - h.occupied[night]; free < req.Guests {
		h.mu.Unlock()
		return nil, fmt.Errorf("%w: %s on %s has %d free, group of %d", ErrFull, h.info.Name, night, free, req.Guests)
	}
	deposit := h.info.DepositBeds * int64(req.Guests)
	authID, err := s.payments.Authorize(ctx, req.Email, deposit)
	if err != nil {
		s.log.Printf("huts: deposit for %s at %s declined: %v", req.Email, h.info.Name, err)
		return nil, fmt.Errorf("huts: deposit: %w", err)
	}
	b := &Booking{
		ID:      s.nextID(req.HutID),
		HutID:   req.HutID,
		Night:   req.Night,
		Guests:  req.Guests,
		Email:   req.Email,
		AuthID:  authID,
		Deposit: deposit,
	}
	h.occupied[night] += req.Guests
	h.bookings[b.ID] = b
	h.mu.Unlock()

	s.log.Printf("huts: %s booked %d beds at %s on %s", b.ID, b.Guests, h.info.Name, night)
	return b, nil
}

// Cancel releases the beds of a booking and voids its deposit.
func (s *Service) Cancel(ctx context.Context, hutID, bookingID string) error {
	h, ok := s.huts[hutID]
	if !ok {
		return fmt.Errorf("%w: %s", ErrUnknownHut, hutID)
	}
	h.mu.Lock()
	b, ok := h.bookings[bookingID]
	if !ok {
		h.mu.Unlock()
		return fmt.Errorf("%w: %s", ErrNotFound, bookingID)
	}
	delete(h.bookings, bookingID)
	h.occupied[nightKey(b.Night)] -= b.Guests
	h.mu.Unlock()

	if err := s.payments.Void(ctx, b.AuthID); err != nil {
		s.log.Printf("huts: void %s for %s: %v", b.AuthID, b.ID, err)
	}
	return nil
}

// Close stops publishing. It waits at most ShutdownTimeout for the
// publisher to finish.
func (s *Service) Close() error {
	s.cancel()
	select {
	case <-s.done:
		return nil
	case <-time.After(s.opts.ShutdownTimeout):
		return fmt.Errorf("huts: publisher still running after %v", s.opts.ShutdownTimeout)
	}
}

func (s *Service) nextID(hutID string) string {
	s.seqMu.Lock()
	defer s.seqMu.Unlock()
	s.seq++
	return fmt.Sprintf("%s-%06d", hutID, s.seq)
}
