package lifecycle

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestFailedMigrationStopsTheService(t *testing.T) {
	defer goleak.VerifyNone(t)
	errMigrate := errors.New("migration 0042 failed")
	r := NewRunner(5*time.Millisecond, t.Logf)
	r.Add(Func{"http", func(ctx context.Context) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	r.Add(Periodic{Label: "reindex", Every: time.Millisecond, Job: func(context.Context) error {
		time.Sleep(30 * time.Millisecond) // a job that does not watch its context
		return nil
	}})
	r.Add(Func{"migrate", func(context.Context) error {
		time.Sleep(5 * time.Millisecond)
		return errMigrate
	}})
	if err := r.Run(context.Background()); !errors.Is(err, errMigrate) {
		t.Fatalf("Run = %v, want the migration error", err)
	}
}
