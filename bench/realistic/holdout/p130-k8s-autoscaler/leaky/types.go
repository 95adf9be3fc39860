// Package autoscale implements a small horizontal autoscaler for a single
// workload: it polls a utilisation metric, computes the replica count that
// would bring utilisation back to target, honours scale-up and scale-down
// cooldowns, and applies the result through the cluster API.
package autoscale

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrTargetNotFound is wrapped by Cluster and MetricsSource errors when the
// scaled workload no longer exists. It stops the controller.
var ErrTargetNotFound = errors.New("autoscale: target not found")

// Target identifies the workload being scaled.
type Target struct {
	Namespace string
	Kind      string // e.g. "Deployment"
	Name      string
}

func (t Target) String() string {
	return fmt.Sprintf("%s/%s/%s", t.Namespace, t.Kind, t.Name)
}

// Sample is one utilisation reading for a workload.
type Sample struct {
	// Utilization is the mean resource utilisation across ready pods as a
	// fraction of requests (0.8 means 80%).
	Utilization float64
	// ReadyPods is how many pods contributed to the reading.
	ReadyPods int
	At        time.Time
}

// MetricsSource returns the current utilisation of a target.
type MetricsSource interface {
	Sample(ctx context.Context, t Target) (Sample, error)
}

// Cluster reads and writes the scale subresource of a target.
type Cluster interface {
	Replicas(ctx context.Context, t Target) (int32, error)
	SetReplicas(ctx context.Context, t Target, n int32) error
}

// Clock abstracts time for tests.
type Clock interface {
	Now() time.Time
	NewTicker(d time.Duration) Ticker
}

// Ticker is the subset of *time.Ticker the controller uses.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

type realClock struct{}

func (realClock) Now() time.Time                   { return time.Now() }
func (realClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }

// Decision is a scaling action the controller has decided to take.
type Decision struct {
	Current int32
	Desired int32
	Reason  string
	At      time.Time
}
