package secondary

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"sync"
	"time"
)

const (
	minRefresh      = time.Minute      // floor for SOA refresh and retry timers
	transferTimeout = 30 * time.Second // per-primary deadline
)

// ZoneConfig names a zone and its primaries, in order of preference.
type ZoneConfig struct {
	Name      string
	Primaries []string
}

// TransferEvent describes the outcome of one refresh attempt.
type TransferEvent struct {
	Zone    string
	Serial  uint32 // serial installed after the attempt
	Updated bool
	Err     error
}

// Config configures a Server.
type Config struct {
	Zones      []ZoneConfig
	Transport  Transport
	Store      Store
	Logger     *log.Logger            // default log.Default()
	OnTransfer func(ev TransferEvent) // optional, for metrics; must not block
}

// Errors returned by Notify and Lookup.
var (
	ErrNotAuthoritative = errors.New("not authoritative for zone")
	ErrRefused          = errors.New("refused")
	ErrZoneNotLoaded    = errors.New("zone not loaded")
)

// Server is a DNS secondary.
type Server struct {
	cfg    Config
	zones  map[string]*zone // keyed by canonical apex
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// New validates the configuration and returns a stopped Server.
func New(cfg Config) (*Server, error) {
	if cfg.Transport == nil || cfg.Store == nil {
		return nil, errors.New("secondary: Transport and Store are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	s := &Server{cfg: cfg, zones: make(map[string]*zone, len(cfg.Zones))}
	for _, zc := range cfg.Zones {
		name := canonical(zc.Name)
		s.zones[name] = &zone{name: name, primaries: zc.Primaries, notify: make(chan struct{}, 1)}
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s, nil
}

func canonical(name string) string {
	return strings.ToLower(strings.TrimSuffix(name, ".")) + "."
}

// Start begins transferring every configured zone and keeping it fresh.
func (s *Server) Start() {
	for _, z := range s.zones {
		s.wg.Add(1)
		go s.maintain(z)
	}
}

// Close stops all zone maintenance and waits for it to finish.
func (s *Server) Close() {
	s.cancel()
	s.wg.Wait()
}

// maintain refreshes z on start-up, on its SOA refresh timer and on NOTIFY.
func (s *Server) maintain(z *zone) {
	defer s.wg.Done()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-timer.C:
		case <-z.notify:
			if !timer.Stop() {
				<-timer.C
			}
		}
		updated, err := s.refresh(s.ctx, z)
		soa, _ := z.current()
		if s.cfg.OnTransfer != nil {
			s.cfg.OnTransfer(TransferEvent{Zone: z.name, Serial: soa.Serial, Updated: updated, Err: err})
		}
		wait := time.Duration(soa.Refresh) * time.Second
		if err != nil {
			wait = time.Duration(soa.Retry) * time.Second
		}
		if wait < minRefresh {
			wait = minRefresh
		}
		timer.Reset(wait)
	}
}

// Notify handles a NOTIFY for zone from the given source address. It only
// validates and queues the refresh, as the protocol expects a quick answer.
func (s *Server) Notify(zoneName, from string, serial uint32) error {
	z, ok := s.zones[canonical(zoneName)]
	if !ok {
		return fmt.Errorf("secondary: notify for %s: %w", zoneName, ErrNotAuthoritative)
	}
	allowed := false
	for _, p := range z.primaries {
		allowed = allowed || p == from
	}
	if !allowed {
		return fmt.Errorf("secondary: notify for %s from %s: %w", zoneName, from, ErrRefused)
	}
	s.cfg.Logger.Printf("zone %s: notify from %s announcing serial %d", z.name, from, serial)
	select {
	case z.notify <- struct{}{}:
	default:
		// A refresh is already pending.
	}
	return nil
}

// Serial returns the serial of the loaded zone.
func (s *Server) Serial(zoneName string) (uint32, bool) {
	z, ok := s.zones[canonical(zoneName)]
	if !ok {
		return 0, false
	}
	soa, loaded := z.current()
	return soa.Serial, loaded
}

// Lookup answers a query from the most specific zone containing name.
func (s *Server) Lookup(name, typ string) ([]RR, error) {
	qname := canonical(name)
	var best *zone
	for apex, z := range s.zones {
		if inZone(qname, apex) && (best == nil || len(apex) > len(best.name)) {
			best = z
		}
	}
	if best == nil {
		return nil, fmt.Errorf("secondary: lookup %s: %w", name, ErrNotAuthoritative)
	}
	rrs, loaded := best.lookup(qname, strings.ToUpper(typ))
	if !loaded {
		return nil, fmt.Errorf("secondary: lookup %s: %w", name, ErrZoneNotLoaded)
	}
	return rrs, nil
}
