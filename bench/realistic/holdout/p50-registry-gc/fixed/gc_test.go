package gc

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var errForbidden = errors.New("403 forbidden")

type fakeRegistry struct {
	now       time.Time
	repos     []string
	forbidden string

	mu      sync.Mutex
	deleted []string
}

func (f *fakeRegistry) Repositories(context.Context) ([]string, error) { return f.repos, nil }

func (f *fakeRegistry) Manifests(ctx context.Context, repo string) ([]Manifest, error) {
	latency := 20 * time.Millisecond
	if repo == f.forbidden {
		latency = 2 * time.Millisecond
	}
	select {
	case <-time.After(latency):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if repo == f.forbidden {
		return nil, errForbidden
	}
	return []Manifest{
		{Digest: "sha256:aaa", Tags: []string{"latest"}, Pushed: f.now.Add(-72 * time.Hour)},
		{Digest: "sha256:bbb", Pushed: f.now.Add(-72 * time.Hour)},
		{Digest: "sha256:ccc", Pushed: f.now.Add(-time.Hour)},
	}, nil
}

func (f *fakeRegistry) DeleteManifest(_ context.Context, repo, digest string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.deleted = append(f.deleted, repo+"@"+digest)
	return nil
}

func TestCollectStopsAtForbiddenRepository(t *testing.T) {
	defer goleak.VerifyNone(t)

	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	reg := &fakeRegistry{
		now:       now,
		repos:     []string{"team/api", "team/secret", "team/web", "team/worker", "team/cron", "team/docs"},
		forbidden: "team/secret",
	}
	report, err := Collect(context.Background(), reg, Options{
		Workers: 2,
		Now:     func() time.Time { return now },
	})
	var repoErr *RepoError
	if !errors.As(err, &repoErr) || repoErr.Repo != "team/secret" || !errors.Is(err, errForbidden) {
		t.Fatalf("Collect error = %v, want forbidden on team/secret", err)
	}
	if report == nil || report.Repositories != 6 {
		t.Fatalf("report = %+v", report)
	}
	for _, d := range report.Deleted {
		if d != "team/api@sha256:bbb" {
			t.Errorf("unexpected deletion %s", d)
		}
	}
}
