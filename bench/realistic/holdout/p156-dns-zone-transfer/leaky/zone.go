package secondary

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var (
	// ErrMalformed is returned for records or streams that do not parse.
	ErrMalformed = errors.New("secondary: malformed data")
	// ErrRecordNotFound is returned when an incremental update deletes a
	// record the zone does not hold.
	ErrRecordNotFound = errors.New("secondary: record not found")
)

// Record is a resource record in presentation form.
type Record struct {
	Name string
	TTL  uint32
	Type string
	Data string
}

// ParseRecord parses "name ttl type data...", where data may contain spaces.
func ParseRecord(line string) (Record, error) {
	fields := strings.Fields(line)
	if len(fields) < 4 {
		return Record{}, fmt.Errorf("%w: record %q", ErrMalformed, line)
	}
	ttl, err := strconv.ParseUint(fields[1], 10, 32)
	if err != nil {
		return Record{}, fmt.Errorf("%w: record %q: %v", ErrMalformed, line, err)
	}
	return Record{
		Name: strings.ToLower(fields[0]),
		TTL:  uint32(ttl),
		Type: strings.ToUpper(fields[2]),
		Data: strings.Join(fields[3:], " "),
	}, nil
}

// soaSerial extracts the serial from SOA rdata "mname rname serial refresh
// retry expire minimum".
func soaSerial(rr Record) (uint32, error) {
	f := strings.Fields(rr.Data)
	if rr.Type != "SOA" || len(f) != 7 {
		return 0, fmt.Errorf("%w: not an SOA record: %v", ErrMalformed, rr)
	}
	n, err := strconv.ParseUint(f[2], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%w: SOA serial %q", ErrMalformed, f[2])
	}
	return uint32(n), nil
}

type rrKey struct{ name, typ string }

// Zone is an immutable-once-published copy of a zone's records.
type Zone struct {
	Name   string
	soa    Record
	serial uint32
	rrsets map[rrKey][]Record
}

func newZone(name string, soa Record) (*Zone, error) {
	serial, err := soaSerial(soa)
	return &Zone{Name: name, soa: soa, serial: serial, rrsets: make(map[rrKey][]Record)}, err
}

// Serial returns the zone's SOA serial.
func (z *Zone) Serial() uint32 { return z.serial }

// Lookup returns the records of the given name and type.
func (z *Zone) Lookup(name, typ string) []Record {
	return append([]Record(nil), z.rrsets[rrKey{strings.ToLower(name), strings.ToUpper(typ)}]...)
}

func (z *Zone) clone() *Zone {
	c := &Zone{Name: z.Name, soa: z.soa, serial: z.serial, rrsets: make(map[rrKey][]Record, len(z.rrsets))}
	for k, rrs := range z.rrsets {
		c.rrsets[k] = append([]Record(nil), rrs...)
	}
	return c
}

func (z *Zone) setSOA(soa Record, serial uint32) { z.soa, z.serial = soa, serial }

func (z *Zone) add(rr Record) {
	k := rrKey{rr.Name, rr.Type}
	z.rrsets[k] = append(z.rrsets[k], rr)
}

func (z *Zone) remove(rr Record) error {
	k := rrKey{rr.Name, rr.Type}
	rrs := z.rrsets[k]
	for i, have := range rrs {
		if have.Data == rr.Data {
			z.rrsets[k] = append(rrs[:i:i], rrs[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("%w: %v", ErrRecordNotFound, rr)
}
