package zonexfer

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Transferer opens zone transfers from a primary; *Primary implements it.
type Transferer interface {
	OpenTransfer(ctx context.Context, origin string) (io.ReadCloser, error)
}

// ZoneWriter persists zones received by a secondary.
type ZoneWriter interface {
	StoreZone(ctx context.Context, z *Zone) error
}

// ErrTooManyRecords is returned when a transfer exceeds the configured limit.
var ErrTooManyRecords = errors.New("zonexfer: transfer exceeds record limit")

// DefaultMaxRecords is used when SecondaryConfig.MaxRecords is zero.
const DefaultMaxRecords = 100000

// SecondaryConfig configures a Secondary.
type SecondaryConfig struct {
	// Primary is where zones are transferred from. Required.
	Primary Transferer
	// Writer stores received zones. Required.
	Writer ZoneWriter
	// MaxRecords bounds the size of an accepted transfer.
	MaxRecords int
	// Logf receives diagnostic messages. Optional.
	Logf func(format string, args ...interface{})
}

// Secondary keeps local copies of zones in sync with a primary.
type Secondary struct {
	cfg SecondaryConfig

	mu      sync.Mutex
	serials map[string]uint32
}

// NewSecondary returns a Secondary for cfg.
func NewSecondary(cfg SecondaryConfig) (*Secondary, error) {
	if cfg.Primary == nil || cfg.Writer == nil {
		return nil, errors.New("zonexfer: secondary needs a Primary and a Writer")
	}
	if cfg.MaxRecords <= 0 {
		cfg.MaxRecords = DefaultMaxRecords
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	return &Secondary{cfg: cfg, serials: make(map[string]uint32)}, nil
}

// Serial returns the serial of the local copy of origin, if there is one.
func (s *Secondary) Serial(origin string) (uint32, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.serials[origin]
	return n, ok
}

// Notify implements Notifier. It refreshes origin when serial is newer than
// the local copy.
func (s *Secondary) Notify(ctx context.Context, origin string, serial uint32) error {
	if cur, ok := s.Serial(origin); ok && !serialNewer(serial, cur) {
		return nil
	}
	_, err := s.Refresh(ctx, origin)
	return err
}

// Refresh transfers origin from the primary and stores it if the primary's
// serial is newer than the local one. It reports whether the zone changed.
func (s *Secondary) Refresh(ctx context.Context, origin string) (bool, error) {
	stream, err := s.cfg.Primary.OpenTransfer(ctx, origin)
	if err != nil {
		return false, fmt.Errorf("zonexfer: refresh %s: %w", origin, err)
	}
	fail := func(err error) (bool, error) {
		stream.Close()
		return false, fmt.Errorf("zonexfer: refresh %s: %w", origin, err)
	}

	br := bufio.NewReader(stream)
	soa, err := readRecord(br)
	if err != nil {
		return fail(fmt.Errorf("reading SOA: %w", err))
	}
	serial, err := soa.Serial()
	if err != nil {
		return fail(err)
	}
	if cur, ok := s.Serial(origin); ok && !serialNewer(serial, cur) {
		s.cfg.Logf("zonexfer: %s: primary serial %d, have %d; nothing to do", origin, serial, cur)
		stream.Close()
		return false, nil
	}

	z, err := s.receive(br, origin, soa)
	if err != nil {
		return fail(err)
	}
	if err := stream.Close(); err != nil {
		return false, fmt.Errorf("zonexfer: refresh %s: close: %w", origin, err)
	}
	if err := s.cfg.Writer.StoreZone(ctx, z); err != nil {
		return false, fmt.Errorf("zonexfer: refresh %s: store: %w", origin, err)
	}

	s.mu.Lock()
	s.serials[origin] = serial
	s.mu.Unlock()
	s.cfg.Logf("zonexfer: %s: now at serial %d (%d records)", origin, serial, len(z.Records))
	return true, nil
}

// receive reads the remainder of a transfer whose opening SOA has already
// been consumed, up to and including the closing SOA.
func (s *Secondary) receive(br *bufio.Reader, origin string, soa Record) (*Zone, error) {
	z := &Zone{Origin: origin, Records: []Record{soa}}
	for {
		rr, err := readRecord(br)
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, fmt.Errorf("reading records: %w", err)
		}
		if rr.Type == TypeSOA {
			if rr != soa {
				return nil, fmt.Errorf("zone changed during transfer: %s", rr.Data)
			}
			return z, nil
		}
		if !inZone(rr.Name, origin) {
			return nil, fmt.Errorf("%w: %s is outside %s", ErrMalformed, rr.Name, origin)
		}
		if len(z.Records) >= s.cfg.MaxRecords {
			return nil, ErrTooManyRecords
		}
		z.Records = append(z.Records, rr)
	}
}

func readRecord(br *bufio.Reader) (Record, error) {
	line, err := br.ReadString('\n')
	if errors.Is(err, io.EOF) && line != "" {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return Record{}, err
	}
	return ParseRecord(line)
}
