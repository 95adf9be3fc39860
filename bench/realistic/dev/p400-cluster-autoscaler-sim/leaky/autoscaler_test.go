package autoscaler

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeClock struct{ now time.Time }

func (c fakeClock) Now() time.Time { return c.now }

type fakeProvider struct {
	mu        sync.Mutex
	groups    []NodeGroup
	increased chan string
}

func (p *fakeProvider) NodeGroups(context.Context) ([]NodeGroup, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]NodeGroup(nil), p.groups...), nil
}

func (p *fakeProvider) setGroups(gs ...NodeGroup) {
	p.mu.Lock()
	p.groups = gs
	p.mu.Unlock()
}

func (p *fakeProvider) IncreaseSize(_ context.Context, group string, delta int) error {
	p.increased <- fmt.Sprintf("%s+%d", group, delta)
	return nil
}

func (p *fakeProvider) DeleteNode(_ context.Context, group, node string) error {
	return fmt.Errorf("unexpected delete of %s/%s", group, node)
}

type fakeCluster struct {
	mu      sync.Mutex
	pending []Pod
	nodes   []Node
}

func (c *fakeCluster) PendingPods(context.Context) ([]Pod, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Pod(nil), c.pending...), nil
}

func (c *fakeCluster) Nodes(context.Context) ([]Node, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]Node(nil), c.nodes...), nil
}

func (c *fakeCluster) setPending(ps ...Pod) {
	c.mu.Lock()
	c.pending = ps
	c.mu.Unlock()
}

func (c *fakeCluster) Cordon(_ context.Context, node string) error {
	return fmt.Errorf("unexpected cordon of %s", node)
}

func (c *fakeCluster) Evict(_ context.Context, p Pod) error {
	return fmt.Errorf("unexpected eviction of %s/%s", p.Namespace, p.Name)
}

func TestScaleUpThenNodeGroupDeleted(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 5, 14, 3, 0, 0, 0, time.UTC)
	general := NodeGroup{Name: "general-m6i-large", Allocatable: Resources{MilliCPU: 2000, MemoryMB: 8192}, Min: 1, Max: 10, Current: 1}
	highcpu := NodeGroup{Name: "highcpu-c6i-4xlarge", Allocatable: Resources{MilliCPU: 16000, MemoryMB: 32768}, Min: 0, Max: 4, Current: 0}

	prov := &fakeProvider{groups: []NodeGroup{general, highcpu}, increased: make(chan string, 4)}
	cluster := &fakeCluster{
		pending: []Pod{{Namespace: "media", Name: "transcode-7f9c", Requests: Resources{MilliCPU: 6000, MemoryMB: 4096}}},
		nodes: []Node{{
			Name: "ip-10-0-1-17", Group: general.Name, Allocatable: general.Allocatable,
			Pods:      []Pod{{Namespace: "web", Name: "api-5d8b", Requests: Resources{MilliCPU: 1500, MemoryMB: 2048}}},
			CreatedAt: now.Add(-72 * time.Hour),
		}},
	}
	var errs []error
	var errMu sync.Mutex
	a, err := New(Config{
		Cluster:  cluster,
		Provider: prov,
		Clock:    fakeClock{now: now},
		OnError: func(err error) {
			errMu.Lock()
			errs = append(errs, err)
			errMu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if err := a.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	if got := <-prov.increased; got != "highcpu-c6i-4xlarge+1" {
		t.Fatalf("scale-up = %s, want highcpu-c6i-4xlarge+1", got)
	}

	// The transcode job finished and the platform team deleted the pool.
	cluster.setPending()
	prov.setGroups(general)
	if err := a.RunOnce(ctx); err != nil {
		t.Fatalf("RunOnce after pool deletion: %v", err)
	}
	a.Close()

	errMu.Lock()
	defer errMu.Unlock()
	for _, err := range errs {
		t.Errorf("background error: %v", err)
	}
}
