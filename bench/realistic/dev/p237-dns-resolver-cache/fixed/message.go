// Package dnscache implements a caching DNS stub resolver.
//
// Queries are raced across every configured upstream server and the first
// authoritative reply wins. Positive answers are cached for their TTL,
// negative answers (NXDOMAIN and NODATA) for a configurable period, and
// entries that are still being asked for shortly before they expire are
// refreshed in the background so that clients rarely wait on an upstream.
package dnscache

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Type is a DNS resource record type.
type Type uint16

// Record types understood by the resolver.
const (
	TypeA    Type = 1
	TypeMX   Type = 15
	TypeTXT  Type = 16
	TypeAAAA Type = 28
)

var typeNames = map[Type]string{TypeA: "A", TypeMX: "MX", TypeTXT: "TXT", TypeAAAA: "AAAA"}

// String returns the mnemonic for t, or TYPEnnn for unknown types.
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return fmt.Sprintf("TYPE%d", uint16(t))
}

// Rcode is a DNS response code.
type Rcode int

// Response codes the resolver distinguishes.
const (
	RcodeSuccess  Rcode = 0
	RcodeServFail Rcode = 2
	RcodeNXDomain Rcode = 3
)

// Question identifies a query. Name is lower case and fully qualified.
type Question struct {
	Name string
	Type Type
}

func (q Question) String() string { return q.Name + " " + q.Type.String() }

// Record is a resource record from the answer section of a response.
type Record struct {
	Name string
	Type Type
	TTL  time.Duration
	Data string
}

// Response is a reply from an upstream server.
type Response struct {
	Rcode   Rcode
	Answers []Record
	// NegativeTTL is the SOA minimum of a negative reply, if one was sent.
	NegativeTTL time.Duration
}

// Upstream sends questions to a single recursive server.
type Upstream interface {
	// Addr identifies the server in errors and logs.
	Addr() string
	// Exchange sends q and waits for the reply or for ctx to end.
	Exchange(ctx context.Context, q Question) (*Response, error)
}

// Clock tells the resolver what time it is. Tests substitute a fake.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Errors returned by the resolver.
var (
	ErrNXDomain    = errors.New("dnscache: no such domain")
	ErrServFail    = errors.New("dnscache: upstream server failure")
	ErrNoUpstreams = errors.New("dnscache: no upstreams configured")
	ErrClosed      = errors.New("dnscache: resolver closed")
)

// canonicalName lower-cases name and makes it fully qualified.
func canonicalName(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if !strings.HasSuffix(name, ".") {
		name += "."
	}
	return name
}
