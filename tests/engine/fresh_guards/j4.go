package fresh

import (
	"context"
	"errors"
	"testing"
	"time"
)

func spinJ4(ctx context.Context) {}

// Every case of the last select cancels, so no way out leaves the context alive: the
// function's end after the select is reached only through a case that called `halt`.
func waitJ4(a, b chan int) {
	ctx, halt := context.WithCancel(context.Background())
	go spinJ4(ctx)
	select {
	case <-a:
		halt()
	case <-b:
		halt()
	}
}

// Every case cancels and returns: the select is a terminating statement, and the end
// of the function cannot be reached at all.
func codeJ4(parent context.Context, codes chan string) (string, error) {
	ctx, halt := context.WithCancel(parent)
	go spinJ4(ctx)
	select {
	case c := <-codes:
		halt()
		return c, nil
	case <-parent.Done():
		halt()
		return "", parent.Err()
	case <-time.After(time.Minute):
		halt()
		return "", errors.New("gave up")
	}
}

// A switch with a default whose every case cancels.
func pickJ4(n int) {
	ctx, halt := context.WithCancel(context.Background())
	go spinJ4(ctx)
	switch n {
	case 1:
		halt()
	default:
		halt()
	}
}

// The case that does not cancel fails the test: `t.Fatal` never falls through.
func checkJ4(t *testing.T, begun chan struct{}) {
	ctx, halt := context.WithCancel(context.Background())
	go spinJ4(ctx)
	select {
	case <-begun:
		halt()
	case <-time.After(time.Second):
		t.Fatal("never began")
	}
}
