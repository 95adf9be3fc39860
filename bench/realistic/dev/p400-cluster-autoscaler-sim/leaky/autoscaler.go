package autoscaler

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Config configures an Autoscaler. Cluster and Provider are required.
type Config struct {
	Cluster  Cluster
	Provider CloudProvider
	Clock    Clock
	Logf     func(format string, args ...interface{})
	// OnError is told about scale operations that failed in the background.
	OnError func(error)

	ScaleUpCooldown        time.Duration // default 2m
	ScaleDownDelayAfterAdd time.Duration // default 10m
	ScaleDownUnneededTime  time.Duration // minimum node age before removal, default 10m
	OperationTimeout       time.Duration // default 5m
}

// Autoscaler decides and applies node group size changes.
type Autoscaler struct {
	cfg Config

	mu      sync.Mutex
	workers map[string]*groupWorker
	closed  bool
}

// New returns an Autoscaler.
func New(cfg Config) (*Autoscaler, error) {
	if cfg.Cluster == nil || cfg.Provider == nil {
		return nil, errors.New("autoscaler: Cluster and Provider are required")
	}
	setDefault := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	setDefault(&cfg.ScaleUpCooldown, 2*time.Minute)
	setDefault(&cfg.ScaleDownDelayAfterAdd, 10*time.Minute)
	setDefault(&cfg.ScaleDownUnneededTime, 10*time.Minute)
	setDefault(&cfg.OperationTimeout, 5*time.Minute)
	if cfg.Clock == nil {
		cfg.Clock = realClock{}
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...interface{}) {}
	}
	if cfg.OnError == nil {
		cfg.OnError = func(err error) { cfg.Logf("autoscaler: %v", err) }
	}
	return &Autoscaler{cfg: cfg, workers: make(map[string]*groupWorker)}, nil
}

// RunOnce runs one autoscaling loop: it syncs node groups from the provider,
// then queues a scale-up for pending pods or drains for unneeded nodes.
func (a *Autoscaler) RunOnce(ctx context.Context) error {
	groups, err := a.refresh(ctx)
	if err != nil {
		return err
	}
	pending, err := a.cfg.Cluster.PendingPods(ctx)
	if err != nil {
		return fmt.Errorf("list pending pods: %w", err)
	}
	if len(pending) > 0 {
		if g, n, ok := bestScaleUp(groups, pending); ok {
			a.enqueue(g, request{kind: scaleUp, delta: n})
		}
		return nil // never scale down while pods are waiting
	}
	nodes, err := a.cfg.Cluster.Nodes(ctx)
	if err != nil {
		return fmt.Errorf("list nodes: %w", err)
	}
	for _, n := range a.unneeded(groups, nodes) {
		a.enqueue(n.Group, request{kind: drain, node: n})
	}
	return nil
}

// refresh starts a worker for every node group the provider reports and
// forgets the ones it no longer does.
func (a *Autoscaler) refresh(ctx context.Context) (map[string]NodeGroup, error) {
	list, err := a.cfg.Provider.NodeGroups(ctx)
	if err != nil {
		return nil, fmt.Errorf("list node groups: %w", err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.closed {
		return nil, errors.New("autoscaler: closed")
	}
	groups := make(map[string]NodeGroup, len(list))
	for _, g := range list {
		groups[g.Name] = g
		if _, ok := a.workers[g.Name]; !ok {
			w := &groupWorker{name: g.Name, cfg: &a.cfg, reqs: make(chan request, 4), done: make(chan struct{})}
			a.workers[g.Name] = w
			go w.run()
		}
	}
	for name := range a.workers {
		if _, ok := groups[name]; !ok {
			a.cfg.Logf("autoscaler: node group %s is gone", name)
			delete(a.workers, name)
		}
	}
	return groups, nil
}

func (a *Autoscaler) enqueue(group string, req request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if w, ok := a.workers[group]; ok {
		select {
		case w.reqs <- req:
		default:
			a.cfg.Logf("autoscaler: %s has a backlog, dropping request", group)
		}
	}
}

// Close stops every worker after it finishes its queued requests.
func (a *Autoscaler) Close() {
	a.mu.Lock()
	workers := a.workers
	a.workers, a.closed = nil, true
	for _, w := range workers {
		close(w.reqs)
	}
	a.mu.Unlock()
	for _, w := range workers {
		<-w.done
	}
}

// bestScaleUp simulates placing pending pods on new nodes of each group and
// picks the group that schedules the most pods with the fewest new nodes.
func bestScaleUp(groups map[string]NodeGroup, pending []Pod) (string, int, bool) {
	pods := append([]Pod(nil), pending...)
	sort.Slice(pods, func(i, j int) bool { return pods[i].Requests.MilliCPU > pods[j].Requests.MilliCPU })

	var best string
	var bestNodes, bestPlaced int
	for name, g := range groups {
		var free []Resources // one entry per simulated new node
		placed := 0
		for _, p := range pods {
			if !p.Requests.FitsIn(g.Allocatable) {
				continue
			}
			i := 0
			for i < len(free) && !p.Requests.FitsIn(free[i]) {
				i++
			}
			if i == len(free) {
				if g.Current+len(free) >= g.Max {
					continue
				}
				free = append(free, g.Allocatable)
			}
			free[i] = free[i].Sub(p.Requests)
			placed++
		}
		if placed == 0 {
			continue
		}
		if placed > bestPlaced || (placed == bestPlaced && (len(free) < bestNodes || (len(free) == bestNodes && name < best))) {
			best, bestNodes, bestPlaced = name, len(free), placed
		}
	}
	return best, bestNodes, bestPlaced > 0
}

// scaleDownUtilization is the CPU request ratio below which a node may go.
const scaleDownUtilization = 0.5

// unneeded returns nodes that are old enough, lightly used, above their
// group's minimum, and whose pods fit on the remaining nodes.
func (a *Autoscaler) unneeded(groups map[string]NodeGroup, nodes []Node) []Node {
	now := a.cfg.Clock.Now()
	free := make(map[string]Resources, len(nodes))
	for _, n := range nodes {
		free[n.Name] = n.Allocatable
		for _, p := range n.Pods {
			free[n.Name] = free[n.Name].Sub(p.Requests)
		}
	}
	sort.Slice(nodes, func(i, j int) bool { return nodes[i].Name < nodes[j].Name })
	var out []Node
	for _, n := range nodes {
		g, ok := groups[n.Group]
		used := n.Allocatable.Sub(free[n.Name])
		if !ok || g.Current <= g.Min || now.Sub(n.CreatedAt) < a.cfg.ScaleDownUnneededTime ||
			float64(used.MilliCPU) >= scaleDownUtilization*float64(n.Allocatable.MilliCPU) {
			continue
		}
		trial := make(map[string]Resources, len(free))
		for k, v := range free {
			trial[k] = v
		}
		delete(trial, n.Name)
		if placeAll(n.Pods, nodes, trial) {
			free = trial
			g.Current--
			groups[n.Group] = g
			out = append(out, n)
		}
	}
	return out
}

// placeAll greedily places pods on nodes with room in free, updating free.
func placeAll(pods []Pod, nodes []Node, free map[string]Resources) bool {
	for _, p := range pods {
		placed := false
		for _, o := range nodes {
			if f, ok := free[o.Name]; ok && p.Requests.FitsIn(f) {
				free[o.Name] = f.Sub(p.Requests)
				placed = true
				break
			}
		}
		if !placed {
			return false
		}
	}
	return true
}
