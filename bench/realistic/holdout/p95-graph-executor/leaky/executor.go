package dagexec

import (
	"context"
	"fmt"
	"sync"
)

// Source is the storage layer that Scan operators read from.
type Source interface {
	// ReadPage returns the rows of table starting at token and the token of
	// the next page, which is empty after the last page.
	ReadPage(ctx context.Context, table, token string) (rows []Row, next string, err error)
}

// Env is the shared execution environment handed to operators.
type Env struct {
	source Source
	reads  chan struct{}
}

// readPage reads one page while holding one of the environment's read
// slots, so no more than Config.MaxReads pages are fetched at once.
func (e *Env) readPage(ctx context.Context, table, token string) ([]Row, string, error) {
	select {
	case e.reads <- struct{}{}:
	case <-ctx.Done():
		return nil, "", ctx.Err()
	}
	defer func() { <-e.reads }()
	return e.source.ReadPage(ctx, table, token)
}

// Config tunes an Executor.
type Config struct {
	// MaxReads bounds concurrent Source.ReadPage calls. Default 4.
	MaxReads int
	// Buffer is the capacity of each channel between operators. Zero means
	// the default of 64; a negative value makes the channels unbuffered.
	Buffer int
}

// Executor runs plans against a Source. It is safe for concurrent use.
type Executor struct {
	source Source
	cfg    Config
}

// New returns an Executor reading from source.
func New(source Source, cfg Config) *Executor {
	if cfg.MaxReads <= 0 {
		cfg.MaxReads = 4
	}
	if cfg.Buffer < 0 {
		cfg.Buffer = 0
	} else if cfg.Buffer == 0 {
		cfg.Buffer = 64
	}
	return &Executor{source: source, cfg: cfg}
}

// Run executes plan and returns the rows produced by its output node. The
// first operator error, wrapped with the node ID, is returned.
func (e *Executor) Run(ctx context.Context, plan Plan) ([]Row, error) {
	nodes, err := plan.order()
	if err != nil {
		return nil, err
	}

	env := &Env{source: e.source, reads: make(chan struct{}, e.cfg.MaxReads)}
	outputs := make(map[string][]chan Row, len(nodes))
	inputs := make(map[string][]<-chan Row, len(nodes))
	for _, n := range nodes {
		for _, in := range n.Inputs {
			ch := make(chan Row, e.cfg.Buffer)
			outputs[in] = append(outputs[in], ch)
			inputs[n.ID] = append(inputs[n.ID], ch)
		}
	}
	result := make(chan Row, e.cfg.Buffer)
	outputs[plan.Output] = append(outputs[plan.Output], result)

	var errs errorList
	for _, n := range nodes {
		go e.runNode(ctx, env, n, inputs[n.ID], outputs[n.ID], &errs)
	}

	var rows []Row
	for r := range result {
		rows = append(rows, r)
	}
	if err := errs.first(); err != nil {
		return rows, err
	}
	return rows, nil
}

// runNode executes one operator and closes its output channels when it
// returns, which is how consumers learn that the stream has ended.
func (e *Executor) runNode(ctx context.Context, env *Env, n *Node, in []<-chan Row, out []chan Row, errs *errorList) {
	defer func() {
		for _, ch := range out {
			close(ch)
		}
	}()
	if err := n.Op.Exec(ctx, env, in, emitter(ctx, out)); err != nil {
		errs.add(fmt.Errorf("dagexec: node %q: %w", n.ID, err))
	}
}

// emitter returns the emit function for a node: every row goes to each of
// the node's consumers in turn.
func emitter(ctx context.Context, out []chan Row) func(Row) error {
	return func(r Row) error {
		for _, ch := range out {
			select { // leak: consumer stopped reading and ctx is never cancelled
			case ch <- r:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
}

// errorList records operator failures in the order they happen.
type errorList struct {
	mu   sync.Mutex
	errs []error
}

func (l *errorList) add(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.errs = append(l.errs, err)
}

func (l *errorList) first() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.errs) == 0 {
		return nil
	}
	return l.errs[0]
}
