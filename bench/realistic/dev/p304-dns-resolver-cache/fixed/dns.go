// Package stub is a caching DNS stub resolver.
//
// Queries are raced across upstream servers and the first usable answer
// wins. Answers are cached for their TTL, NXDOMAIN/NODATA negatively (RFC
// 2308), and hot entries are refreshed shortly before they expire. Names under
// configured domains can be routed to dedicated upstreams.
package stub

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Type is a DNS record type.
type Type uint16

// Record types the resolver is commonly asked about.
const (
	TypeA    Type = 1
	TypeAAAA Type = 28
)

// Rcode is a DNS response code.
type Rcode int

// Response codes the resolver distinguishes.
const (
	RcodeSuccess  Rcode = 0
	RcodeServFail Rcode = 2
	RcodeNXDomain Rcode = 3
)

// Question is what is being asked. Name is a fully qualified domain name in
// canonical (lower case, trailing dot) form.
type Question struct {
	Name string
	Type Type
}

// Record is one resource record of an answer.
type Record struct {
	Name string
	Type Type
	TTL  uint32
	Data string
}

// Response is an upstream's answer to a Question. NegativeTTL is the SOA
// minimum from the authority section, used to cache NXDOMAIN and NODATA.
type Response struct {
	Rcode       Rcode
	Answers     []Record
	NegativeTTL uint32
	Upstream    string // the server that produced the answer
}

// negative reports whether r says the name or the record does not exist.
func (r *Response) negative() bool {
	return r.Rcode == RcodeNXDomain || (r.Rcode == RcodeSuccess && len(r.Answers) == 0)
}

// ttl is the smallest TTL in the answer section.
func (r *Response) ttl() uint32 {
	var lowest uint32
	for i, rr := range r.Answers {
		if i == 0 || rr.TTL < lowest {
			lowest = rr.TTL
		}
	}
	return lowest
}

// Upstream is a recursive DNS server the stub forwards to.
type Upstream interface {
	Name() string
	Exchange(ctx context.Context, q Question) (*Response, error)
}

// Clock tells the time.
type Clock interface{ Now() time.Time }

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Errors returned by the resolver.
var (
	ErrNoUpstreams        = errors.New("stub: no upstreams configured")
	ErrAllUpstreamsFailed = errors.New("stub: all upstreams failed")
	ErrInvalidName        = errors.New("stub: invalid query name")
)

// canonical lower-cases name and makes it fully qualified.
func canonical(name string) (string, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" || len(name) > 254 || strings.Contains(name, "..") {
		return "", ErrInvalidName
	}
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name, nil
}

// inDomain reports whether name equals domain or is below it.
func inDomain(name, domain string) bool {
	return name == domain || strings.HasSuffix(name, "."+domain)
}
