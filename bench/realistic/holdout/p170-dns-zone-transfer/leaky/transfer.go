package secondary

import (
	"context"
	"fmt"
	"io"
)

// Transport talks to primary servers. AXFR returns the records of a full
// zone transfer, which start and end with the zone's SOA record.
type Transport interface {
	SOA(ctx context.Context, primary, zone string) (SOA, error)
	AXFR(ctx context.Context, primary, zone string) ([]RR, error)
}

// Store persists transferred zones as master files so that the server can
// answer after a restart. Save consumes r to EOF when it succeeds.
type Store interface {
	Save(ctx context.Context, zone string, serial uint32, r io.Reader) error
}

// refresh brings z up to date from the first primary that answers. It
// reports whether a new version of the zone was installed.
func (s *Server) refresh(ctx context.Context, z *zone) (bool, error) {
	var lastErr error
	for _, primary := range z.primaries {
		updated, err := s.refreshFrom(ctx, z, primary)
		if err == nil {
			return updated, nil
		}
		s.cfg.Logger.Printf("zone %s: refresh from %s: %v", z.name, primary, err)
		lastErr = err
	}
	return false, fmt.Errorf("zone %s: all %d primaries failed, last error: %w", z.name, len(z.primaries), lastErr)
}

func (s *Server) refreshFrom(ctx context.Context, z *zone, primary string) (bool, error) {
	tctx, cancel := context.WithTimeout(ctx, transferTimeout)
	defer cancel()
	remote, err := s.cfg.Transport.SOA(tctx, primary, z.name)
	if err != nil {
		return false, fmt.Errorf("query SOA: %w", err)
	}
	if cur, loaded := z.current(); loaded && !serialNewer(remote.Serial, cur.Serial) {
		return false, nil
	}
	rrs, err := s.cfg.Transport.AXFR(tctx, primary, z.name)
	if err != nil {
		return false, fmt.Errorf("AXFR: %w", err)
	}
	soa, err := validateTransfer(z.name, rrs)
	if err != nil {
		return false, err
	}
	if err := s.persist(tctx, z.name, soa.Serial, rrs); err != nil {
		return false, err
	}
	z.install(soa, rrs)
	return true, nil
}

// validateTransfer checks the framing and contents of an AXFR response and
// returns its SOA.
func validateTransfer(apex string, rrs []RR) (SOA, error) {
	if len(rrs) < 2 {
		return SOA{}, fmt.Errorf("%w: transfer of %s has %d records", ErrMalformed, apex, len(rrs))
	}
	first, err := parseSOA(rrs[0])
	if err != nil {
		return SOA{}, err
	}
	last, err := parseSOA(rrs[len(rrs)-1])
	if err != nil {
		return SOA{}, err
	}
	if first.Serial != last.Serial {
		return SOA{}, fmt.Errorf("%w: transfer of %s opened with serial %d and closed with %d",
			ErrMalformed, apex, first.Serial, last.Serial)
	}
	for _, rr := range rrs {
		if !inZone(rr.Name, apex) {
			return SOA{}, fmt.Errorf("%w: out-of-zone record %s in transfer of %s", ErrMalformed, rr.Name, apex)
		}
	}
	return first, nil
}

// persist streams the zone to the store as a master file.
func (s *Server) persist(ctx context.Context, name string, serial uint32, rrs []RR) error {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeZone(pw, rrs))
	}()
	if err := s.cfg.Store.Save(ctx, name, serial, pr); err != nil {
		return fmt.Errorf("save zone %s serial %d: %w", name, serial, err)
	}
	return nil
}
