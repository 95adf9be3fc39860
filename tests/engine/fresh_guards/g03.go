package fp

import (
	"context"
	"testing"
	"time"
)

func write03(ctx context.Context) error { return ctx.Err() }

func TestWrite03(t *testing.T) {
	ctx, _ := context.WithTimeout(t.Context(), time.Second) //nolint:govet
	if err := write03(ctx); err != nil {
		t.Fatal(err)
	}
}
