package batcher

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// doubler is a fake model that doubles every element of every input.
type doubler struct {
	mu      sync.Mutex
	batches [][][]float32
}

func (d *doubler) Predict(ctx context.Context, inputs [][]float32) ([][]float32, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.batches = append(d.batches, inputs)
	d.mu.Unlock()
	out := make([][]float32, len(inputs))
	for i, in := range inputs {
		out[i] = make([]float32, len(in))
		for j, v := range in {
			out[i][j] = 2 * v
		}
	}
	return out, nil
}

func (d *doubler) batchSizes() []int {
	d.mu.Lock()
	defer d.mu.Unlock()
	sizes := make([]int, len(d.batches))
	for i, b := range d.batches {
		sizes[i] = len(b)
	}
	return sizes
}

func TestServerContextCancelled(t *testing.T) {
	defer goleak.VerifyNone(t)

	serverCtx, stopServer := context.WithCancel(context.Background())
	defer stopServer()

	model := &doubler{}
	b, err := New(serverCtx, model,
		WithMaxBatch(2),
		WithMaxDelay(time.Hour), // never flush on time in this test
		WithWorkers(2),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	// A full batch is scattered back to both callers.
	var wg sync.WaitGroup
	outs := make([][]float32, 2)
	errs := make([]error, 2)
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			outs[i], errs[i] = b.Submit(context.Background(), []float32{float32(i + 1)})
		}(i)
	}
	wg.Wait()
	for i := 0; i < 2; i++ {
		if errs[i] != nil {
			t.Fatalf("Submit %d: %v", i, errs[i])
		}
		if want := float32(2 * (i + 1)); len(outs[i]) != 1 || outs[i][0] != want {
			t.Fatalf("Submit %d = %v, want [%v]", i, outs[i], want)
		}
	}
	if got := model.batchSizes(); len(got) != 1 || got[0] != 2 {
		t.Fatalf("batch sizes = %v, want [2]", got)
	}

	// A lone request waits for company; the server shuts down under it.
	errc := make(chan error, 1)
	go func() {
		_, err := b.Submit(context.Background(), []float32{7})
		errc <- err
	}()
	stopServer()
	if err := <-errc; !errors.Is(err, context.Canceled) && !errors.Is(err, ErrClosed) {
		t.Fatalf("pending Submit error = %v, want context.Canceled or ErrClosed", err)
	}
	<-b.Done()

	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := b.Submit(context.Background(), []float32{1}); !errors.Is(err, ErrClosed) {
		t.Fatalf("Submit after Close error = %v, want ErrClosed", err)
	}
}
