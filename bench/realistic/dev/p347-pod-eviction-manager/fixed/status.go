package eviction

import (
	"context"
	"errors"
	"fmt"
	"sort"
)

// PodStatus is the per-pod part of NodeStatus.
type PodStatus struct {
	Pod        string
	QoS        QoSClass
	Priority   int32
	UsageBytes uint64
	Evicting   bool
}

// NodeStatus is the eviction manager's view of the node.
type NodeStatus struct {
	Node      string
	Condition string
	Draining  bool
	Memory    MemoryStats
	Pods      []PodStatus
	Evictions []Eviction
}

// Status reports the node condition together with fresh per-pod memory
// usage. It is served by the agent's status endpoint.
func (m *Manager) Status(ctx context.Context) (NodeStatus, error) {
	mem, err := m.cfg.Stats.NodeMemory(ctx)
	if err != nil {
		return NodeStatus{}, fmt.Errorf("eviction: node memory: %w", err)
	}

	m.mu.RLock()
	st := NodeStatus{
		Node:      m.cfg.NodeName,
		Condition: m.condition,
		Draining:  m.draining,
		Memory:    mem,
		Evictions: append([]Eviction(nil), m.history...),
	}
	for _, ps := range m.pods {
		usage, err := m.cfg.Stats.PodMemory(ctx, ps.pod.UID)
		switch {
		case errors.Is(err, ErrNoStats):
			usage = ps.usage
		case err != nil:
			m.mu.RUnlock()
			return NodeStatus{}, fmt.Errorf("eviction: memory of pod %s: %w", ps.pod, err)
		}
		st.Pods = append(st.Pods, PodStatus{
			Pod:        ps.pod.String(),
			QoS:        ps.pod.QoS,
			Priority:   ps.pod.Priority,
			UsageBytes: usage,
			Evicting:   ps.evicting,
		})
	}
	m.mu.RUnlock()

	sort.Slice(st.Pods, func(i, j int) bool { return st.Pods[i].Pod < st.Pods[j].Pod })
	return st, nil
}
