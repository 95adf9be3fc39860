// Package gateway is the front door of an internal API: it authenticates
// requests, forwards them to the backend handler, and drains in-flight
// requests on shutdown.
package gateway

import (
	"context"
	"errors"
	"net/http"
	"strings"
)

// ErrUnauthenticated is returned by authenticators for unknown credentials.
var ErrUnauthenticated = errors.New("gateway: unauthenticated")

// Authenticator resolves a bearer token to a principal.
type Authenticator interface {
	Authenticate(ctx context.Context, token string) (string, error)
}

type principalKey struct{}

// Principal returns the authenticated caller of a request handled by a Gateway.
func Principal(ctx context.Context) string {
	p, _ := ctx.Value(principalKey{}).(string)
	return p
}

// Option configures a Gateway.
type Option func(*Gateway)

// WithPublicPaths lets requests under these prefixes through without a token.
func WithPublicPaths(prefixes ...string) Option {
	return func(g *Gateway) { g.public = append(g.public, prefixes...) }
}

// Gateway wraps a backend handler.
type Gateway struct {
	auth    Authenticator
	backend http.Handler
	public  []string
	tracker tracker
}

// New makes a gateway in front of backend.
func New(auth Authenticator, backend http.Handler, opts ...Option) *Gateway {
	g := &Gateway{auth: auth, backend: backend}
	for _, o := range opts {
		o(g)
	}
	return g
}

func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	done, ok := g.tracker.begin()
	if !ok {
		w.Header().Set("Connection", "close")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer done()

	if !g.isPublic(r.URL.Path) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		principal, err := g.auth.Authenticate(r.Context(), token)
		if err != nil {
			status := http.StatusInternalServerError
			if errors.Is(err, ErrUnauthenticated) {
				status = http.StatusUnauthorized
			}
			http.Error(w, http.StatusText(status), status)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), principalKey{}, principal))
	}
	g.backend.ServeHTTP(w, r)
}

func (g *Gateway) isPublic(path string) bool {
	for _, p := range g.public {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}

// Drain stops admitting requests and waits for the ones in flight to finish,
// or for ctx to end.
func (g *Gateway) Drain(ctx context.Context) error { return g.tracker.drain(ctx) }
