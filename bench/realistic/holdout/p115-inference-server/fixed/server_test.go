package inference

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// scaleModel multiplies the sum of each input by factor.
type scaleModel struct {
	name   string
	dim    int
	factor float32
}

func (m *scaleModel) Name() string                 { return m.name }
func (m *scaleModel) InputDim() int                { return m.dim }
func (m *scaleModel) OutputDim() int               { return 1 }
func (m *scaleModel) Warmup(context.Context) error { return nil }

func (m *scaleModel) Predict(_ context.Context, batch []Tensor) ([]Tensor, error) {
	out := make([]Tensor, len(batch))
	for i, in := range batch {
		if len(in) != m.dim {
			return nil, fmt.Errorf("example %d has dim %d", i, len(in))
		}
		var sum float32
		for _, v := range in {
			sum += v
		}
		out[i] = Tensor{sum * m.factor}
	}
	return out, nil
}

func TestRejectedModelSwapKeepsServing(t *testing.T) {
	defer goleak.VerifyNone(t)

	batches := make(chan int, 4)
	srv := NewServer(Options{
		MaxBatchSize:         1,
		MaxDelay:             time.Minute,
		MaxConcurrentBatches: 1,
		OnBatch:              func(n int) { batches <- n },
	})
	ctx := context.Background()

	if err := srv.LoadModel(ctx, &scaleModel{name: "ranker@v1", dim: 3, factor: 2}); err != nil {
		t.Fatalf("LoadModel v1: %v", err)
	}
	out, err := srv.Infer(ctx, Tensor{1, 2, 3})
	if err != nil {
		t.Fatalf("Infer: %v", err)
	}
	if len(out) != 1 || out[0] != 12 {
		t.Fatalf("Infer = %v, want [12]", out)
	}
	<-batches

	// A model trained for a different feature set must be rejected.
	err = srv.LoadModel(ctx, &scaleModel{name: "ranker@v2", dim: 5, factor: 3})
	if !errors.Is(err, ErrIncompatibleModel) {
		t.Fatalf("LoadModel v2 = %v, want ErrIncompatibleModel", err)
	}

	type reply struct {
		out Tensor
		err error
	}
	replies := make(chan reply, 1)
	go func() {
		out, err := srv.Infer(ctx, Tensor{4, 5, 6})
		replies <- reply{out, err}
	}()
	if n := <-batches; n != 1 {
		t.Fatalf("batch size = %d, want 1", n)
	}

	if err := srv.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	r := <-replies
	switch {
	case r.err == nil:
		if len(r.out) != 1 || r.out[0] != 30 {
			t.Fatalf("Infer after rejected swap = %v, want [30]", r.out)
		}
	case !errors.Is(r.err, ErrClosed):
		t.Fatalf("Infer after rejected swap: %v", r.err)
	}
	if _, err := srv.Infer(ctx, Tensor{1, 1, 1}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Infer after Close = %v, want ErrClosed", err)
	}
}
