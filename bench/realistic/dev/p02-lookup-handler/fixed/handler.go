// Package lookup serves user lookups from a slow profile backend with a deadline.
package lookup

import (
	"errors"
	"fmt"
	"time"
)

// Request is the decoded incoming request.
type Request struct {
	UserID string
}

// Response is what the transport layer encodes back.
type Response struct {
	Status int
	Body   string
}

// Profile is what the backend returns.
type Profile struct {
	Name  string
	Email string
}

// Backend is the slow dependency.
type Backend interface {
	Profile(id string) (Profile, error)
}

// Handler answers lookups, giving up after Timeout.
type Handler struct {
	Backend Backend
	Timeout time.Duration
}

type profileResult struct {
	p   Profile
	err error
}

// ServeLookup is called once per request by the transport.
func (h *Handler) ServeLookup(req Request) Response {
	if req.UserID == "" {
		return Response{Status: 400, Body: "missing user id"}
	}
	resultc := make(chan profileResult, 1) // the sender never waits, even after a timeout
	go func() {
		p, err := h.Backend.Profile(req.UserID)
		resultc <- profileResult{p, err}
	}()

	select {
	case r := <-resultc:
		if errors.Is(r.err, ErrNotFound) {
			return Response{Status: 404, Body: "no such user"}
		}
		if r.err != nil {
			return Response{Status: 502, Body: r.err.Error()}
		}
		return Response{Status: 200, Body: fmt.Sprintf("%s <%s>", r.p.Name, r.p.Email)}
	case <-time.After(h.Timeout):
		return Response{Status: 504, Body: "profile backend timed out"}
	}
}

// ErrNotFound is returned by backends for unknown users.
var ErrNotFound = errors.New("not found")
