package eviction

import (
	"context"
	"fmt"
	"sort"
	"time"
)

// Eviction records one eviction attempt.
type Eviction struct {
	Pod        string
	Reason     string
	Grace      time.Duration
	UsageBytes uint64
	At         time.Time
	Err        string
}

// relieve handles one pressure signal, evicting at most one pod.
func (m *Manager) relieve(ctx context.Context, sig PressureSignal) error {
	under := sig.AvailableBytes < m.cfg.SoftThresholdBytes
	m.mu.Lock()
	m.condition = ConditionNormal
	if under {
		m.condition = ConditionMemoryPressure
	}
	m.mu.Unlock()
	if !under {
		return nil
	}

	m.sampleUsage(ctx)
	victim, usage, ok := m.pickVictim()
	if !ok {
		return fmt.Errorf("memory pressure (%d bytes available) but no evictable pod", sig.AvailableBytes)
	}
	grace, reason := victim.GracePeriod, "SoftMemoryPressure"
	if sig.AvailableBytes < m.cfg.HardThresholdBytes {
		grace, reason = 0, "HardMemoryPressure"
	} else if grace > m.cfg.MaxGracePeriod {
		grace = m.cfg.MaxGracePeriod
	}
	return m.evict(ctx, victim, usage, reason, grace)
}

// sampleUsage refreshes the memory usage of every tracked pod. Pods whose
// stats cannot be read keep their previous sample.
func (m *Manager) sampleUsage(ctx context.Context) {
	m.mu.RLock()
	uids := make([]string, 0, len(m.pods))
	for uid := range m.pods {
		uids = append(uids, uid)
	}
	m.mu.RUnlock()

	usage := make(map[string]uint64, len(uids))
	for _, uid := range uids {
		if u, err := m.cfg.Stats.PodMemory(ctx, uid); err == nil {
			usage[uid] = u
		}
	}

	m.mu.Lock()
	for uid, u := range usage {
		if ps, ok := m.pods[uid]; ok {
			ps.usage = u
		}
	}
	m.mu.Unlock()
}

// pickVictim selects the pod to evict: lowest QoS class first, then lowest
// priority, then highest usage. The chosen pod is marked as evicting.
func (m *Manager) pickVictim() (Pod, uint64, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var cands []*podState
	for _, ps := range m.pods {
		if !ps.pod.Critical && !ps.evicting {
			cands = append(cands, ps)
		}
	}
	if len(cands) == 0 {
		return Pod{}, 0, false
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.pod.QoS != b.pod.QoS {
			return a.pod.QoS < b.pod.QoS
		}
		if a.pod.Priority != b.pod.Priority {
			return a.pod.Priority < b.pod.Priority
		}
		return a.usage > b.usage
	})
	cands[0].evicting = true
	return cands[0].pod, cands[0].usage, true
}

// evict stops pod through the runtime and records the result.
func (m *Manager) evict(ctx context.Context, pod Pod, usage uint64, reason string, grace time.Duration) error {
	err := m.cfg.Runtime.StopPod(ctx, pod, grace)
	rec := Eviction{Pod: pod.String(), Reason: reason, Grace: grace, UsageBytes: usage, At: time.Now()}

	m.mu.Lock()
	if err != nil {
		rec.Err = err.Error()
		if ps, ok := m.pods[pod.UID]; ok {
			ps.evicting = false
		}
	} else {
		delete(m.pods, pod.UID)
	}
	m.history = append(m.history, rec)
	if n := len(m.history) - historySize; n > 0 {
		m.history = append(m.history[:0], m.history[n:]...)
	}
	m.mu.Unlock()

	if err != nil {
		return fmt.Errorf("evict %s (%s): %w", pod, reason, err)
	}
	m.cfg.Logger.Printf("eviction: evicted %s (%s, grace %s)", pod, reason, grace)
	return nil
}

// Drain marks the node as draining, so that no new pods are admitted, and
// evicts every non-critical pod with its own grace period.
func (m *Manager) Drain(ctx context.Context, reason string) error {
	m.mu.Lock()
	m.draining = true
	m.mu.Unlock()

	for ctx.Err() == nil {
		victim, usage, ok := m.pickVictim()
		if !ok {
			break
		}
		grace := victim.GracePeriod
		if grace > m.cfg.MaxGracePeriod {
			grace = m.cfg.MaxGracePeriod
		}
		if err := m.evict(ctx, victim, usage, "Drain: "+reason, grace); err != nil {
			return fmt.Errorf("drain: %w", err)
		}
	}
	return ctx.Err()
}
