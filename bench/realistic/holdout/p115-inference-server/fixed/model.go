package inference

import (
	"context"
	"errors"
	"fmt"
)

// ErrIncompatibleModel is returned by LoadModel when the new model cannot
// replace the one being served.
var ErrIncompatibleModel = errors.New("inference: incompatible model")

// Model is a loaded model that can run a batch of inputs.
type Model interface {
	// Name identifies the model and version, e.g. "ranker@v12".
	Name() string
	// InputDim and OutputDim describe the shape of a single example.
	InputDim() int
	OutputDim() int
	// Warmup prepares the model, e.g. by running a dummy batch, so the
	// first real batch does not pay for lazy initialisation.
	Warmup(ctx context.Context) error
	// Predict runs the model on a batch and returns one output per input.
	Predict(ctx context.Context, batch []Tensor) ([]Tensor, error)
}

// LoadModel warms m up and atomically swaps it in for the current model.
// Batches already running finish on the model they started with. A model
// whose input shape differs from the one being served is rejected, since
// clients are built against a fixed shape.
func (s *Server) LoadModel(ctx context.Context, m Model) error {
	if err := m.Warmup(ctx); err != nil {
		return fmt.Errorf("inference: warm up %s: %w", m.Name(), err)
	}

	s.mu.Lock()
	if cur := s.model; cur != nil && cur.InputDim() != m.InputDim() {
		s.mu.Unlock()
		return fmt.Errorf("load %s: input dim %d, serving %s with %d: %w",
			m.Name(), m.InputDim(), cur.Name(), cur.InputDim(), ErrIncompatibleModel)
	}
	s.model = m
	s.generation++
	s.mu.Unlock()
	return nil
}

// ModelInfo reports the name of the served model and how many models have
// been loaded so far.
func (s *Server) ModelInfo() (name string, generation int) {
	m, gen := s.current()
	if m == nil {
		return "", gen
	}
	return m.Name(), gen
}

func (s *Server) current() (Model, int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.model, s.generation
}
