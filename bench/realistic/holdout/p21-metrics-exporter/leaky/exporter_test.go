package exporter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestScrapeGivesUpOnSlowInstances(t *testing.T) {
	defer goleak.VerifyNone(t)

	// A driver that ignores its context, as some database clients do, and
	// only answers once the database does.
	dbReady := make(chan struct{})
	slow := CollectorFunc(func(ctx context.Context, instance string) ([]Sample, error) {
		<-dbReady
		return []Sample{{Name: "db_connections", Value: 3}}, nil
	})
	e, err := New([]Target{
		{Job: "db", Instances: []string{"db-1:9100", "db-2:9100"}, Collector: slow},
	}, WithScrapeTimeout(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Millisecond)
	defer cancel()
	results, err := e.Scrape(ctx)
	close(dbReady)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Scrape error = %v, want deadline exceeded", err)
	}
	var b strings.Builder
	if err := WriteText(&b, results); err != nil {
		t.Fatal(err)
	}
}
