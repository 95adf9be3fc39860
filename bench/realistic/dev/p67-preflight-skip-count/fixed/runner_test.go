package preflight

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestRunSkipsCanaryOnly(t *testing.T) {
	defer goleak.VerifyNone(t)

	checks := []Check{
		{Name: "db-migrations", Run: func(ctx context.Context, env Env) error { return nil }},
		{Name: "quota", Run: func(ctx context.Context, env Env) error { return errors.New("cpu quota 97%") }},
		{
			Name:    "canary-traffic",
			Applies: func(env Env) bool { return env.Canary },
			Run:     func(ctx context.Context, env Env) error { return nil },
		},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()

	rep, err := NewRunner(time.Second).Run(ctx, Env{Name: "prod", Region: "eu-west-1", Version: "1.4.2"}, checks)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if rep.OK() || len(rep.Results) != 3 {
		t.Fatalf("report = %+v", rep)
	}
}
