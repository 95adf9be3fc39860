package push

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// group holds the series of one job.
type group struct {
	job string

	mu      sync.Mutex
	series  map[string]float64 // series key -> value
	changed bool
}

func newGroup(job string) *group {
	return &group{job: job, series: make(map[string]float64)}
}

func (g *group) update(key string, fn func(float64) float64) {
	g.mu.Lock()
	g.series[key] = fn(g.series[key])
	g.changed = true
	g.mu.Unlock()
}

// snapshot encodes the group if it changed since the last snapshot and
// clears the changed flag.
func (g *group) snapshot() (payload []byte, changed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.changed {
		return nil, false
	}
	g.changed = false
	keys := make([]string, 0, len(g.series))
	for k := range g.series {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var buf bytes.Buffer
	for _, k := range keys {
		buf.WriteString(k)
		buf.WriteByte(' ')
		buf.WriteString(strconv.FormatFloat(g.series[k], 'g', -1, 64))
		buf.WriteByte('\n')
	}
	return buf.Bytes(), true
}

// markPending makes the next snapshot include the group again after a
// failed push.
func (g *group) markPending() {
	g.mu.Lock()
	g.changed = true
	g.mu.Unlock()
}

// seriesKey renders name and labels as `name{k="v",...}` with labels sorted.
func seriesKey(name string, labels map[string]string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("invalid metric name %q", name)
	}
	if len(labels) == 0 {
		return name, nil
	}
	names := make([]string, 0, len(labels))
	for k := range labels {
		if !validName(k) {
			return "", fmt.Errorf("metric %s: invalid label name %q", name, k)
		}
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('{')
	for i, k := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%s", k, strconv.Quote(labels[k]))
	}
	b.WriteByte('}')
	return b.String(), nil
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == ':' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
