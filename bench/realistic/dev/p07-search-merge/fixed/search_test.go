package search

import (
	"testing"

	"go.uber.org/goleak"
)

func TestTopNStopsEarly(t *testing.T) {
	defer goleak.VerifyNone(t)
	shards := []Shard{
		{ID: 1, Docs: []string{"go channels", "go select", "go leaks"}},
		{ID: 2, Docs: []string{"rust", "go mutex", "go cond"}},
	}
	if got := TopN(shards, "go", 2); len(got) != 2 {
		t.Fatalf("got %d hits", len(got))
	}
}
