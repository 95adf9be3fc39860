// Package secondary implements the secondary side of DNS zone replication:
// it pulls zones from their primaries with full zone transfers, tracks SOA
// serials, reacts to NOTIFY messages and answers lookups from its zones.
package secondary

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// RR is a resource record in presentation format.
type RR struct {
	Name  string // fully qualified owner name, with trailing dot
	TTL   uint32
	Class string // almost always "IN"
	Type  string // "SOA", "NS", "A", "AAAA", "MX", ...
	Data  string // RDATA in presentation format
}

// String renders the record as one master-file line.
func (rr RR) String() string {
	return fmt.Sprintf("%s\t%d\t%s\t%s\t%s", rr.Name, rr.TTL, rr.Class, rr.Type, rr.Data)
}

// SOA holds the fields of a start-of-authority record.
type SOA struct {
	Serial  uint32
	Refresh uint32 // seconds between checks of the primary
	Retry   uint32 // seconds between checks after a failed refresh
	Expire  uint32 // seconds after which an unrefreshed zone is stale
}

// ErrMalformed is returned for records or transfers that do not parse.
var ErrMalformed = errors.New("malformed zone data")

// parseSOA extracts the SOA fields from a record.
func parseSOA(rr RR) (SOA, error) {
	if rr.Type != "SOA" {
		return SOA{}, fmt.Errorf("%w: expected SOA, got %s for %s", ErrMalformed, rr.Type, rr.Name)
	}
	f := strings.Fields(rr.Data)
	if len(f) != 7 {
		return SOA{}, fmt.Errorf("%w: SOA for %s has %d fields", ErrMalformed, rr.Name, len(f))
	}
	var nums [4]uint32
	for i := range nums {
		n, err := strconv.ParseUint(f[i+2], 10, 32)
		if err != nil {
			return SOA{}, fmt.Errorf("%w: SOA for %s: %v", ErrMalformed, rr.Name, err)
		}
		nums[i] = uint32(n)
	}
	return SOA{Serial: nums[0], Refresh: nums[1], Retry: nums[2], Expire: nums[3]}, nil
}

// serialNewer reports whether serial a is newer than b under RFC 1982 rules.
func serialNewer(a, b uint32) bool {
	return a != b && int32(a-b) > 0
}

// inZone reports whether name is at or below the zone apex.
func inZone(name, apex string) bool {
	name, apex = strings.ToLower(name), strings.ToLower(apex)
	return name == apex || strings.HasSuffix(name, "."+apex)
}

// writeZone writes an AXFR as a master file, without the closing SOA.
func writeZone(w io.Writer, rrs []RR) error {
	for _, rr := range rrs[:len(rrs)-1] {
		if _, err := io.WriteString(w, rr.String()+"\n"); err != nil { // leak: nobody reads or closes the pipe after a failed save
			return err
		}
	}
	return nil
}

// zone is one zone this server is secondary for.
type zone struct {
	name      string
	primaries []string
	notify    chan struct{} // pending NOTIFY; capacity 1 coalesces bursts

	mu      sync.RWMutex
	loaded  bool
	soa     SOA
	records map[string][]RR // keyed by lower-cased owner name
}

// current returns the installed SOA and whether the zone has been loaded.
func (z *zone) current() (SOA, bool) {
	z.mu.RLock()
	defer z.mu.RUnlock()
	return z.soa, z.loaded
}

// install replaces the zone contents with a validated transfer.
func (z *zone) install(soa SOA, rrs []RR) {
	records := make(map[string][]RR, len(rrs))
	for _, rr := range rrs[:len(rrs)-1] {
		key := strings.ToLower(rr.Name)
		records[key] = append(records[key], rr)
	}
	z.mu.Lock()
	defer z.mu.Unlock()
	z.soa = soa
	z.records = records
	z.loaded = true
}

// lookup returns the records of the given type at name.
func (z *zone) lookup(name, typ string) (out []RR, loaded bool) {
	z.mu.RLock()
	defer z.mu.RUnlock()
	if !z.loaded {
		return nil, false
	}
	for _, rr := range z.records[strings.ToLower(name)] {
		if typ == "ANY" || rr.Type == typ {
			out = append(out, rr)
		}
	}
	return out, true
}
