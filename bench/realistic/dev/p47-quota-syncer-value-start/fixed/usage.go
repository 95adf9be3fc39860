// Package quota meters per-tenant resource usage on one node and periodically
// reports it to the central quota service, which enforces cluster-wide limits.
package quota

import (
	"sort"
	"sync"
)

// Resource names a metered resource.
type Resource string

// Metered resources.
const (
	CPUSeconds   Resource = "cpu_seconds"
	StorageBytes Resource = "storage_bytes"
	Requests     Resource = "requests"
)

// Sample is the usage of one tenant and resource since the last report.
type Sample struct {
	Tenant   string
	Resource Resource
	Amount   int64
}

// Usage accumulates samples between reports.
type Usage struct {
	mu     sync.Mutex
	counts map[string]map[Resource]int64
}

// NewUsage makes an empty accumulator.
func NewUsage() *Usage { return &Usage{counts: make(map[string]map[Resource]int64)} }

// Add records amount of r used by tenant.
func (u *Usage) Add(tenant string, r Resource, amount int64) {
	if amount <= 0 {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	m, ok := u.counts[tenant]
	if !ok {
		m = make(map[Resource]int64)
		u.counts[tenant] = m
	}
	m[r] += amount
}

// drain returns the accumulated samples in a stable order and resets them.
func (u *Usage) drain() []Sample {
	u.mu.Lock()
	counts := u.counts
	u.counts = make(map[string]map[Resource]int64)
	u.mu.Unlock()

	var out []Sample
	for tenant, m := range counts {
		for r, n := range m {
			out = append(out, Sample{Tenant: tenant, Resource: r, Amount: n})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tenant != out[j].Tenant {
			return out[i].Tenant < out[j].Tenant
		}
		return out[i].Resource < out[j].Resource
	})
	return out
}

// restore puts samples that could not be reported back, so the next report
// carries them.
func (u *Usage) restore(samples []Sample) {
	for _, s := range samples {
		u.Add(s.Tenant, s.Resource, s.Amount)
	}
}
