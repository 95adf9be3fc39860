package purge

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Kind selects how a purge request matches cached objects.
type Kind int

const (
	// ByURL purges exact URLs.
	ByURL Kind = iota
	// ByPrefix purges every object whose URL starts with one of the targets.
	ByPrefix
	// ByTag purges every object carrying one of the surrogate keys.
	ByTag
)

// ErrInvalidRequest is wrapped by errors describing a malformed request.
var ErrInvalidRequest = errors.New("purge: invalid request")

// Request describes what to invalidate.
type Request struct {
	Kind    Kind
	Targets []string
	Soft    bool // mark stale and revalidate instead of evicting
}

// normalize validates the request and returns a copy with targets cleaned
// up, de-duplicated and sorted so identical purges produce identical
// payloads.
func (r Request) normalize(maxTargets int) (Request, error) {
	if len(r.Targets) == 0 {
		return Request{}, fmt.Errorf("%w: no targets", ErrInvalidRequest)
	}
	if len(r.Targets) > maxTargets {
		return Request{}, fmt.Errorf("%w: %d targets exceeds limit of %d", ErrInvalidRequest, len(r.Targets), maxTargets)
	}
	seen := make(map[string]bool, len(r.Targets))
	out := Request{Kind: r.Kind, Soft: r.Soft}
	for _, t := range r.Targets {
		t = strings.TrimSpace(t)
		switch r.Kind {
		case ByURL, ByPrefix:
			u, err := url.Parse(t)
			if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
				return Request{}, fmt.Errorf("%w: bad url %q", ErrInvalidRequest, t)
			}
			u.Host = strings.ToLower(u.Host)
			u.Fragment = ""
			t = u.String()
		case ByTag:
			if t == "" || strings.ContainsAny(t, " \t,") {
				return Request{}, fmt.Errorf("%w: bad surrogate key %q", ErrInvalidRequest, t)
			}
		default:
			return Request{}, fmt.Errorf("%w: unknown kind %d", ErrInvalidRequest, r.Kind)
		}
		if !seen[t] {
			seen[t] = true
			out.Targets = append(out.Targets, t)
		}
	}
	sort.Strings(out.Targets)
	return out, nil
}

// Result reports how each POP responded to a purge.
type Result struct {
	ID      string
	Acked   map[string]time.Time // POP name -> acknowledgement time
	Failed  map[string]error     // POP name -> delivery error
	Pending []string             // POPs that neither acknowledged nor failed
}
