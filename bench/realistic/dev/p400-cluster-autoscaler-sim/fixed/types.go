// Package autoscaler sizes a cluster's node groups: it simulates which group
// would best fit the pods the scheduler could not place and grows it, and it
// drains under-used nodes whose pods fit elsewhere. Scale-ups and drains are
// applied per node group, one at a time, with cooldowns.
package autoscaler

import (
	"context"
	"time"
)

// Resources is an amount of CPU and memory.
type Resources struct {
	MilliCPU int64
	MemoryMB int64
}

// FitsIn reports whether r fits in free.
func (r Resources) FitsIn(free Resources) bool {
	return r.MilliCPU <= free.MilliCPU && r.MemoryMB <= free.MemoryMB
}

// Sub returns r minus o.
func (r Resources) Sub(o Resources) Resources {
	return Resources{MilliCPU: r.MilliCPU - o.MilliCPU, MemoryMB: r.MemoryMB - o.MemoryMB}
}

// Pod is a workload as far as scheduling is concerned.
type Pod struct {
	Namespace string
	Name      string
	Requests  Resources
}

// Node is a running node.
type Node struct {
	Name        string
	Group       string
	Allocatable Resources
	Pods        []Pod
	CreatedAt   time.Time
}

// NodeGroup is a set of identical nodes the provider can grow or shrink,
// e.g. an AWS auto scaling group or a GKE node pool.
type NodeGroup struct {
	Name        string
	Allocatable Resources // per node
	Min, Max    int
	Current     int
}

// Cluster is the orchestrator's API.
type Cluster interface {
	PendingPods(ctx context.Context) ([]Pod, error)
	Nodes(ctx context.Context) ([]Node, error)
	Cordon(ctx context.Context, node string) error
	Evict(ctx context.Context, pod Pod) error
}

// CloudProvider manages node groups.
type CloudProvider interface {
	NodeGroups(ctx context.Context) ([]NodeGroup, error)
	IncreaseSize(ctx context.Context, group string, delta int) error
	DeleteNode(ctx context.Context, group, node string) error
}

// Clock tells the time; tests use a fake.
type Clock interface {
	Now() time.Time
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
