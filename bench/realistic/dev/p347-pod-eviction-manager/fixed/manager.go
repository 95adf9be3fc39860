// Package eviction implements the memory-pressure eviction manager of a node
// agent: on memory pressure it stops the least important pod through the
// container runtime, honouring grace periods for soft evictions. It also
// drains the node on request and reports node status.
package eviction

import (
	"context"
	"errors"
	"fmt"
	"log"
	"sync"
	"time"
)

// QoSClass orders pods by how readily they are evicted.
type QoSClass int

// QoS classes, from first to last evicted.
const (
	BestEffort QoSClass = iota
	Burstable
	Guaranteed
)

// Pod is the subset of a pod spec the eviction manager needs.
type Pod struct {
	UID         string
	Namespace   string
	Name        string
	QoS         QoSClass
	Priority    int32
	GracePeriod time.Duration
	// Critical pods (node daemons) are never evicted.
	Critical bool
}

func (p Pod) String() string { return p.Namespace + "/" + p.Name }

// MemoryStats describes node memory.
type MemoryStats struct {
	CapacityBytes  uint64
	AvailableBytes uint64
}

// PressureSignal is emitted by the node's memory monitor.
type PressureSignal struct {
	AvailableBytes uint64
}

// Runtime stops pods. StopPod sends the termination signal, waits up to
// grace for the pod to exit and then kills it.
type Runtime interface {
	StopPod(ctx context.Context, pod Pod, grace time.Duration) error
}

// Stats reads memory usage from the node's cgroups.
type Stats interface {
	NodeMemory(ctx context.Context) (MemoryStats, error)
	// PodMemory returns the working set of a pod, or an error wrapping
	// ErrNoStats if the pod has no cgroup yet (or any more).
	PodMemory(ctx context.Context, uid string) (uint64, error)
}

// Errors returned by the Manager.
var (
	ErrNoStats        = errors.New("eviction: no stats for pod")
	ErrDraining       = errors.New("eviction: node is draining")
	ErrAlreadyStarted = errors.New("eviction: manager already started")
)

// historySize is how many evictions Status reports.
const historySize = 20

// Node conditions reported by Status.
const (
	ConditionNormal         = "Normal"
	ConditionMemoryPressure = "MemoryPressure"
)

// Config configures a Manager.
type Config struct {
	NodeName string
	Runtime  Runtime               // required
	Stats    Stats                 // required
	Signals  <-chan PressureSignal // required
	Logger   *log.Logger           // defaults to log.Default()
	// SoftThresholdBytes triggers evictions that honour the pod's grace
	// period (capped at MaxGracePeriod).
	SoftThresholdBytes uint64
	// HardThresholdBytes triggers immediate evictions with no grace period.
	HardThresholdBytes uint64
	// MaxGracePeriod caps the grace period of soft evictions (default 30s).
	MaxGracePeriod time.Duration
}

type podState struct {
	pod      Pod
	usage    uint64 // last sampled working set
	evicting bool
}

// Manager is the eviction manager. Create it with New and run it with Start.
type Manager struct {
	cfg Config

	startMu sync.Mutex
	cancel  context.CancelFunc

	mu        sync.RWMutex
	pods      map[string]*podState
	history   []Eviction
	condition string
	draining  bool
}

// New validates cfg and returns a Manager.
func New(cfg Config) (*Manager, error) {
	switch {
	case cfg.Runtime == nil:
		return nil, errors.New("eviction: Config.Runtime is required")
	case cfg.Stats == nil:
		return nil, errors.New("eviction: Config.Stats is required")
	case cfg.Signals == nil:
		return nil, errors.New("eviction: Config.Signals is required")
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	if cfg.MaxGracePeriod <= 0 {
		cfg.MaxGracePeriod = 30 * time.Second
	}
	return &Manager{
		cfg:       cfg,
		pods:      make(map[string]*podState),
		condition: ConditionNormal,
	}, nil
}

// Start launches the manager's control loop. It runs until ctx is done or
// Stop is called.
func (m *Manager) Start(ctx context.Context) error {
	m.startMu.Lock()
	defer m.startMu.Unlock()
	if m.cancel != nil {
		return ErrAlreadyStarted
	}
	ctx, m.cancel = context.WithCancel(ctx)
	go m.run(ctx)
	return nil
}

// Stop asks the control loop to exit. It does not wait for it.
func (m *Manager) Stop() {
	m.startMu.Lock()
	defer m.startMu.Unlock()
	if m.cancel != nil {
		m.cancel()
	}
}

// AddPod starts tracking a pod admitted to the node.
func (m *Manager) AddPod(p Pod) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.draining {
		return fmt.Errorf("admit %s: %w", p, ErrDraining)
	}
	m.pods[p.UID] = &podState{pod: p}
	return nil
}

func (m *Manager) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case sig := <-m.cfg.Signals:
			if err := m.relieve(ctx, sig); err != nil {
				m.cfg.Logger.Printf("eviction: %v", err)
			}
		}
	}
}
