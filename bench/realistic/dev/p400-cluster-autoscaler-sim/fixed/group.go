package autoscaler

import (
	"context"
	"fmt"
	"time"
)

type requestKind int

const (
	scaleUp requestKind = iota
	drain
)

type request struct {
	kind  requestKind
	delta int  // scaleUp
	node  Node // drain
}

// groupWorker applies the decisions for one node group serially, so that a
// scale-up and a drain of the same group never race, and enforces the
// group's cooldowns.
type groupWorker struct {
	name string
	cfg  *Config
	reqs chan request
	done chan struct{}

	lastScaleUp time.Time
}

func (w *groupWorker) run() {
	defer close(w.done)
	for req := range w.reqs {
		w.handle(req)
	}
}

func (w *groupWorker) handle(req request) {
	ctx, cancel := context.WithTimeout(context.Background(), w.cfg.OperationTimeout)
	defer cancel()
	now := w.cfg.Clock.Now()

	switch req.kind {
	case scaleUp:
		if since := now.Sub(w.lastScaleUp); since < w.cfg.ScaleUpCooldown {
			w.cfg.Logf("autoscaler: %s: scale-up skipped, cooling down for %s", w.name, w.cfg.ScaleUpCooldown-since)
			return
		}
		if err := w.cfg.Provider.IncreaseSize(ctx, w.name, req.delta); err != nil {
			w.cfg.OnError(fmt.Errorf("scale up %s by %d: %w", w.name, req.delta, err))
			return
		}
		w.lastScaleUp = now
		w.cfg.Logf("autoscaler: %s: scaled up by %d", w.name, req.delta)

	case drain:
		if now.Sub(w.lastScaleUp) < w.cfg.ScaleDownDelayAfterAdd {
			w.cfg.Logf("autoscaler: %s: drain of %s deferred by cooldown", w.name, req.node.Name)
			return
		}
		if err := w.drain(ctx, req.node); err != nil {
			w.cfg.OnError(fmt.Errorf("drain %s/%s: %w", w.name, req.node.Name, err))
		}
	}
}

// drain cordons a node, evicts its pods and hands the node back to the
// provider.
func (w *groupWorker) drain(ctx context.Context, n Node) error {
	if err := w.cfg.Cluster.Cordon(ctx, n.Name); err != nil {
		return fmt.Errorf("cordon: %w", err)
	}
	for _, p := range n.Pods {
		if err := w.cfg.Cluster.Evict(ctx, p); err != nil {
			return fmt.Errorf("evict %s/%s: %w", p.Namespace, p.Name, err)
		}
	}
	if err := w.cfg.Provider.DeleteNode(ctx, w.name, n.Name); err != nil {
		return fmt.Errorf("delete node: %w", err)
	}
	return nil
}
