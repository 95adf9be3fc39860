package buildcache

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type gatedExec struct {
	release chan struct{}
	err     error
}

func (g *gatedExec) Run(ctx context.Context, a Action) (Result, error) {
	select {
	case <-g.release:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	if g.err != nil {
		return Result{}, g.err
	}
	return Result{Outputs: map[string][]byte{"main.o": []byte("obj")}}, nil
}

func TestSandboxFailureWithDuplicateRequest(t *testing.T) {
	defer goleak.VerifyNone(t)

	errMount := errors.New("sandbox: cannot mount input tree")
	exec := &gatedExec{release: make(chan struct{}), err: errMount}
	d := New(exec, NewMemStore())
	act := Action{
		Argv:   []string{"cc", "-c", "main.c", "-o", "main.o"},
		Inputs: map[string]string{"main.c": "sha256:1f2e"},
	}

	errs := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() {
			_, err := d.Execute(context.Background(), act)
			errs <- err
		}()
	}
	deadline := time.Now().Add(500 * time.Millisecond)
	for d.Stats().Deduplicated != 1 {
		if time.Now().After(deadline) {
			t.Fatal("second request was not deduplicated")
		}
		time.Sleep(time.Millisecond)
	}
	close(exec.release)

	select {
	case err := <-errs:
		if !errors.Is(err, errMount) {
			t.Fatalf("err = %v, want %v", err, errMount)
		}
	case <-time.After(time.Second):
		t.Fatal("Execute never returned")
	}
	if got := d.Stats().Executed; got != 1 {
		t.Fatalf("executed %d times, want 1", got)
	}
}
