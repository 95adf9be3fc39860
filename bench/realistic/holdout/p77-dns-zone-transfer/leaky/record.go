// Package zonexfer implements a small, line-oriented zone transfer protocol
// between a primary name server and its secondaries. A transfer streams the
// zone in presentation format, one record per line, opening and closing with
// the SOA record like an AXFR response. Primaries NOTIFY secondaries, which
// pull a fresh copy when the advertised serial is newer than theirs.
package zonexfer

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Type is a resource record type mnemonic such as "SOA" or "A".
type Type string

// Record types used by this package; others are passed through verbatim.
const (
	TypeSOA   Type = "SOA"
	TypeNS    Type = "NS"
	TypeA     Type = "A"
	TypeCNAME Type = "CNAME"
	TypeMX    Type = "MX"
)

// ErrMalformed is returned when a record line cannot be parsed.
var ErrMalformed = errors.New("zonexfer: malformed record")

// Record is a single resource record of class IN.
type Record struct {
	Name string
	TTL  uint32
	Type Type
	Data string
}

// String renders r in presentation format without a trailing newline.
func (r Record) String() string {
	return fmt.Sprintf("%s\t%d\tIN\t%s\t%s", r.Name, r.TTL, r.Type, r.Data)
}

// ParseRecord parses a line produced by Record.String. Only class IN is
// supported and is not checked.
func ParseRecord(line string) (Record, error) {
	fields := strings.Fields(line)
	if len(fields) < 5 {
		return Record{}, fmt.Errorf("%w: %q: want at least 5 fields", ErrMalformed, line)
	}
	ttl, err := strconv.ParseUint(fields[1], 10, 32)
	if err != nil {
		return Record{}, fmt.Errorf("%w: %q: ttl: %v", ErrMalformed, line, err)
	}
	return Record{
		Name: strings.ToLower(fields[0]),
		TTL:  uint32(ttl),
		Type: Type(strings.ToUpper(fields[3])),
		Data: strings.Join(fields[4:], " "),
	}, nil
}

// Serial returns the serial number of an SOA record.
func (r Record) Serial() (uint32, error) {
	if r.Type != TypeSOA {
		return 0, fmt.Errorf("%w: %s record has no serial", ErrMalformed, r.Type)
	}
	// MNAME RNAME SERIAL REFRESH RETRY EXPIRE MINIMUM
	f := strings.Fields(r.Data)
	if len(f) != 7 {
		return 0, fmt.Errorf("%w: SOA rdata %q", ErrMalformed, r.Data)
	}
	n, err := strconv.ParseUint(f[2], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("%w: SOA serial: %v", ErrMalformed, err)
	}
	return uint32(n), nil
}

// serialNewer reports whether a is newer than b using RFC 1982 serial number
// arithmetic, so that serials may wrap around.
func serialNewer(a, b uint32) bool {
	return a != b && int32(a-b) > 0
}

// Zone is a complete copy of a zone. Records[0] is always the SOA record.
type Zone struct {
	Origin  string
	Records []Record
}

// Serial returns the serial number from the zone's SOA record.
func (z *Zone) Serial() (uint32, error) {
	if len(z.Records) == 0 || z.Records[0].Type != TypeSOA {
		return 0, fmt.Errorf("zonexfer: zone %s does not start with SOA", z.Origin)
	}
	return z.Records[0].Serial()
}

// inZone reports whether name is at or below origin.
func inZone(name, origin string) bool {
	return name == origin || strings.HasSuffix(name, "."+origin)
}
