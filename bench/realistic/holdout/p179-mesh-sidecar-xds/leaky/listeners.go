package sidecar

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrInvalidConfig wraps every validation failure in a response.
var ErrInvalidConfig = errors.New("invalid config")

// ListenerConfig describes one listener.
type ListenerConfig struct {
	Name        string `json:"name"`
	Address     string `json:"address"`
	RouteConfig string `json:"route_config"`
}

// RouteConfig is a named set of virtual hosts.
type RouteConfig struct {
	Name         string        `json:"name"`
	VirtualHosts []VirtualHost `json:"virtual_hosts"`
}

// VirtualHost routes requests for a set of domains.
type VirtualHost struct {
	Name    string   `json:"name"`
	Domains []string `json:"domains"`
	Routes  []Route  `json:"routes"`
}

// Route sends requests whose path starts with Prefix to Cluster.
type Route struct {
	Prefix  string `json:"prefix"`
	Cluster string `json:"cluster"`
}

// RouteTable is a compiled RouteConfig.
type RouteTable struct {
	Name  string
	hosts map[string][]Route // domain -> routes, longest prefix first
}

func compileRoutes(rc RouteConfig) (*RouteTable, error) {
	if rc.Name == "" {
		return nil, fmt.Errorf("route config without a name: %w", ErrInvalidConfig)
	}
	t := &RouteTable{Name: rc.Name, hosts: make(map[string][]Route)}
	for _, vh := range rc.VirtualHosts {
		if len(vh.Domains) == 0 {
			return nil, fmt.Errorf("virtual host %q has no domains: %w", vh.Name, ErrInvalidConfig)
		}
		routes := append([]Route(nil), vh.Routes...)
		for _, r := range routes {
			if !strings.HasPrefix(r.Prefix, "/") || r.Cluster == "" {
				return nil, fmt.Errorf("virtual host %q: bad route %+v: %w", vh.Name, r, ErrInvalidConfig)
			}
		}
		sort.SliceStable(routes, func(i, j int) bool { return len(routes[i].Prefix) > len(routes[j].Prefix) })
		for _, d := range vh.Domains {
			t.hosts[d] = routes
		}
	}
	return t, nil
}

// Listener is a bound, serving listener.
type Listener interface {
	UpdateRoutes(t *RouteTable)
	// Drain stops accepting connections and returns once in-flight
	// requests finish or ctx is done.
	Drain(ctx context.Context) error
	Close() error
}

// Binder binds listeners.
type Binder interface {
	Bind(cfg ListenerConfig, routes *RouteTable) (Listener, error)
}

type activeListener struct {
	cfg ListenerConfig
	l   Listener
}

// apply validates resp as a whole and then moves the running listeners to
// match it. Listeners whose address is unchanged are updated in place.
func (s *Sidecar) apply(resp *DiscoveryResponse) error {
	tables := make(map[string]*RouteTable, len(resp.Routes))
	for _, rc := range resp.Routes {
		t, err := compileRoutes(rc)
		if err != nil {
			return err
		}
		tables[rc.Name] = t
	}
	seen := make(map[string]bool, len(resp.Listeners))
	for _, lc := range resp.Listeners {
		switch {
		case lc.Name == "" || lc.Address == "":
			return fmt.Errorf("listener %q needs a name and an address: %w", lc.Name, ErrInvalidConfig)
		case seen[lc.Name]:
			return fmt.Errorf("listener %q listed twice: %w", lc.Name, ErrInvalidConfig)
		case tables[lc.RouteConfig] == nil:
			return fmt.Errorf("listener %q: unknown route config %q: %w", lc.Name, lc.RouteConfig, ErrInvalidConfig)
		}
		seen[lc.Name] = true
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	for _, lc := range resp.Listeners {
		rt := tables[lc.RouteConfig]
		cur, ok := s.listeners[lc.Name]
		if ok && cur.cfg.Address == lc.Address {
			cur.l.UpdateRoutes(rt)
			cur.cfg = lc
			continue
		}
		l, err := s.binder.Bind(lc, rt)
		if err != nil {
			return fmt.Errorf("bind listener %q on %s: %w", lc.Name, lc.Address, err)
		}
		s.listeners[lc.Name] = &activeListener{cfg: lc, l: l}
		if ok {
			s.drainLocked(cur)
		}
	}
	for name, cur := range s.listeners {
		if !seen[name] {
			delete(s.listeners, name)
			s.drainLocked(cur)
		}
	}
	s.ver = resp.VersionInfo
	return nil
}

// drainLocked drains and closes a listener in the background. s.mu must be
// held.
func (s *Sidecar) drainLocked(a *activeListener) {
	s.draining.Add(1)
	go func() {
		defer s.draining.Done()
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.DrainTimeout)
		defer cancel()
		if err := a.l.Drain(ctx); err != nil {
			s.log.Printf("sidecar: drain listener %q: %v", a.cfg.Name, err)
		}
		if err := a.l.Close(); err != nil {
			s.log.Printf("sidecar: close listener %q: %v", a.cfg.Name, err)
		}
	}()
}
