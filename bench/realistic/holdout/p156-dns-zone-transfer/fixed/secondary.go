// Package secondary implements the secondary side of DNS zone replication: it
// pulls zones from primaries with full (AXFR) or incremental (IXFR) transfers
// and refreshes a zone when a primary sends NOTIFY.
package secondary

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
)

var (
	// ErrNotAuthoritative is returned for zones this secondary does not serve.
	ErrNotAuthoritative = errors.New("secondary: not authoritative for zone")
	// ErrSerialMismatch is returned when an IXFR change does not apply in order.
	ErrSerialMismatch = errors.New("secondary: IXFR serial mismatch")
)

// Config configures a Secondary.
type Config struct {
	// Zones this secondary serves, fully qualified ("example.com.").
	Zones []string
	// Primaries are tried in order.
	Primaries []string
	// Transport performs transfers. Required.
	Transport Transport
	// Logf receives diagnostics. Defaults to discarding them.
	Logf func(format string, args ...interface{})
}

// Secondary holds the current copy of each configured zone.
type Secondary struct {
	cfg   Config
	mu    sync.RWMutex
	zones map[string]*Zone // nil until the first successful transfer
}

// New returns a Secondary with no zone data loaded; call Refresh for each
// zone, or wait for NOTIFY.
func New(cfg Config) (*Secondary, error) {
	if cfg.Transport == nil || len(cfg.Primaries) == 0 {
		return nil, errors.New("secondary: Config.Transport and Config.Primaries are required")
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	s := &Secondary{cfg: cfg, zones: make(map[string]*Zone)}
	for _, z := range cfg.Zones {
		s.zones[canonical(z)] = nil
	}
	return s, nil
}

func canonical(name string) string { return strings.ToLower(strings.TrimSuffix(name, ".")) + "." }

// Zone returns the current copy of a zone, or nil if none has been loaded.
func (s *Secondary) Zone(name string) *Zone {
	z, _ := s.current(canonical(name))
	return z
}

func (s *Secondary) current(zone string) (*Zone, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	z, ok := s.zones[zone]
	return z, ok
}

// HandleNotify handles a NOTIFY announcing serial for zone. It refreshes the
// zone unless the secondary already holds that serial or newer (RFC 1982).
func (s *Secondary) HandleNotify(ctx context.Context, zone string, serial uint32) error {
	if cur, _ := s.current(canonical(zone)); cur != nil && int32(serial-cur.Serial()) <= 0 {
		return nil
	}
	return s.Refresh(ctx, zone)
}

// Refresh brings a zone up to date from the first primary that answers. It
// tries IXFR when a copy is already held and falls back to AXFR.
func (s *Secondary) Refresh(ctx context.Context, zone string) error {
	zone = canonical(zone)
	cur, ok := s.current(zone)
	if !ok {
		return fmt.Errorf("refresh %s: %w", zone, ErrNotAuthoritative)
	}
	var err error
	for _, primary := range s.cfg.Primaries {
		var z *Zone
		if cur != nil {
			if z, err = s.incremental(ctx, primary, cur); err != nil {
				s.cfg.Logf("secondary: IXFR %s from %s failed, falling back to AXFR: %v", zone, primary, err)
			}
		}
		if z == nil {
			if z, err = s.full(ctx, primary, zone); err != nil {
				s.cfg.Logf("secondary: AXFR %s from %s: %v", zone, primary, err)
				continue
			}
		}
		s.mu.Lock()
		s.zones[zone] = z
		s.mu.Unlock()
		return nil
	}
	return fmt.Errorf("refresh %s: all primaries failed: %w", zone, err)
}

// full performs an AXFR: SOA, the zone's records, then the SOA again.
func (s *Secondary) full(ctx context.Context, primary, zone string) (*Zone, error) {
	st, err := openStream(ctx, s.cfg.Transport, primary, zone, AXFR, 0)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	soa, err := st.next()
	if err != nil {
		return nil, fmt.Errorf("AXFR %s: opening SOA: %w", zone, err)
	}
	z, err := newZone(zone, soa)
	if err != nil {
		return nil, fmt.Errorf("AXFR %s: %w", zone, err)
	}
	for {
		rr, err := st.next()
		if err != nil {
			return nil, fmt.Errorf("AXFR %s: %w", zone, err)
		}
		if rr.Type == "SOA" {
			if end, err := soaSerial(rr); err != nil || end != z.Serial() {
				return nil, fmt.Errorf("AXFR %s: %w: closing SOA %v", zone, ErrMalformed, rr)
			}
			return z, nil
		}
		z.add(rr)
	}
}

// incremental performs an IXFR against cur and applies the changes to a
// copy, so that a failed transfer leaves the served zone untouched.
func (s *Secondary) incremental(ctx context.Context, primary string, cur *Zone) (*Zone, error) {
	st, err := openStream(ctx, s.cfg.Transport, primary, cur.Name, IXFR, cur.Serial())
	if err != nil {
		return nil, err
	}
	defer st.Close()
	newSOA, err := st.next()
	if err != nil {
		return nil, fmt.Errorf("IXFR %s: opening SOA: %w", cur.Name, err)
	}
	target, err := soaSerial(newSOA)
	if err != nil {
		return nil, fmt.Errorf("IXFR %s: %w", cur.Name, err)
	}
	if target == cur.Serial() {
		return cur, nil
	}

	z := cur.clone()
	rr, err := st.next()
	for {
		// rr is the old SOA opening the next change, or the closing SOA.
		if err != nil {
			return nil, fmt.Errorf("IXFR %s: %w", cur.Name, err)
		}
		from, serr := soaSerial(rr)
		if serr != nil {
			return nil, fmt.Errorf("IXFR %s: %w", cur.Name, serr)
		}
		if from == target {
			z.setSOA(newSOA, target)
			return z, nil
		}
		if from != z.Serial() {
			return nil, fmt.Errorf("IXFR %s: %w: change from %d, have %d", cur.Name, ErrSerialMismatch, from, z.Serial())
		}

		for rr, err = st.next(); err == nil && rr.Type != "SOA"; rr, err = st.next() {
			if rerr := z.remove(rr); rerr != nil {
				return nil, fmt.Errorf("IXFR %s: applying change from %d: %w", cur.Name, from, rerr)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("IXFR %s: %w", cur.Name, err)
		}
		toSOA := rr
		to, serr := soaSerial(toSOA)
		if serr != nil {
			return nil, fmt.Errorf("IXFR %s: %w", cur.Name, serr)
		}

		for rr, err = st.next(); err == nil && rr.Type != "SOA"; rr, err = st.next() {
			z.add(rr)
		}
		z.setSOA(toSOA, to)
	}
}
