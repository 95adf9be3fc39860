package autoscale

import (
	"fmt"
	"math"
	"sync"
	"time"
)

// Policy bounds and paces scaling for one target.
type Policy struct {
	MinReplicas int32
	MaxReplicas int32
	// TargetUtilization is the utilisation the controller aims for, e.g. 0.7.
	TargetUtilization float64
	// Tolerance is the relative deviation from target that is ignored, so
	// the workload does not flap around the target. Defaults to 0.1.
	Tolerance float64
	// ScaleUpCooldown is the minimum time between two scale-ups.
	ScaleUpCooldown time.Duration
	// ScaleDownCooldown is the minimum time after any scaling action before
	// a scale-down is allowed.
	ScaleDownCooldown time.Duration
	// MaxScaleUpFactor caps how much a single step may grow the workload.
	// Defaults to 2.
	MaxScaleUpFactor float64
}

func (p *Policy) validate() error {
	if p.MinReplicas < 1 {
		return fmt.Errorf("min replicas %d must be at least 1", p.MinReplicas)
	}
	if p.MaxReplicas < p.MinReplicas {
		return fmt.Errorf("max replicas %d below min %d", p.MaxReplicas, p.MinReplicas)
	}
	if p.TargetUtilization <= 0 || p.TargetUtilization > 1 {
		return fmt.Errorf("target utilisation %.2f out of range (0,1]", p.TargetUtilization)
	}
	if p.Tolerance <= 0 {
		p.Tolerance = 0.1
	}
	if p.MaxScaleUpFactor <= 1 {
		p.MaxScaleUpFactor = 2
	}
	return nil
}

// governor applies a Policy and remembers when the target was last scaled.
type governor struct {
	p Policy

	mu          sync.Mutex
	lastScale   time.Time
	lastScaleUp time.Time
}

// desired computes the replica count for the given reading, or returns
// current unchanged with a reason when no action should be taken.
func (g *governor) desired(current int32, s Sample, now time.Time) (int32, string) {
	if s.ReadyPods == 0 {
		return current, "no ready pods"
	}
	ratio := s.Utilization / g.p.TargetUtilization
	if math.Abs(ratio-1) <= g.p.Tolerance {
		return current, "within tolerance"
	}

	want := int32(math.Ceil(float64(s.ReadyPods) * ratio))
	if ceiling := int32(math.Ceil(float64(current) * g.p.MaxScaleUpFactor)); want > ceiling {
		want = ceiling
	}
	if want < g.p.MinReplicas {
		want = g.p.MinReplicas
	}
	if want > g.p.MaxReplicas {
		want = g.p.MaxReplicas
	}
	if want == current {
		return current, "at bounds"
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	if want > current && now.Sub(g.lastScaleUp) < g.p.ScaleUpCooldown {
		return current, "scale-up cooldown"
	}
	if want < current && now.Sub(g.lastScale) < g.p.ScaleDownCooldown {
		return current, "scale-down cooldown"
	}
	return want, fmt.Sprintf("utilisation %.0f%% vs target %.0f%%", s.Utilization*100, g.p.TargetUtilization*100)
}

// record notes that a decision was applied.
func (g *governor) record(d Decision) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.lastScale = d.At
	if d.Desired > d.Current {
		g.lastScaleUp = d.At
	}
}
