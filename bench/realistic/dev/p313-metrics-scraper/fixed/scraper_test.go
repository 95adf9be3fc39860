package scraper

import (
	"context"
	"regexp"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// manualClock never ticks on its own; scrapes happen only when a loop
// starts, which keeps the test fully deterministic.
type manualClock struct{}

func (manualClock) Now() time.Time { return time.Unix(1700000000, 0) }

func (manualClock) Tick(time.Duration) (<-chan time.Time, func()) {
	return make(chan time.Time), func() {}
}

type fakeFetcher struct {
	calls chan string
}

func (f *fakeFetcher) Fetch(ctx context.Context, url string) ([]Sample, error) {
	f.calls <- url
	return []Sample{
		{Labels: map[string]string{LabelMetricName: "node_load1"}, Value: 0.42},
		{Labels: map[string]string{LabelMetricName: "go_goroutines"}, Value: 12},
	}, nil
}

type memAppender struct {
	mu  sync.Mutex
	got map[string][]Sample
}

func (a *memAppender) Append(ctx context.Context, target string, samples []Sample) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.got == nil {
		a.got = make(map[string][]Sample)
	}
	a.got[target] = append(a.got[target], samples...)
	return nil
}

func (a *memAppender) series(target, name string) []Sample {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Sample
	for _, s := range a.got[target] {
		if s.Labels[LabelMetricName] == name {
			out = append(out, s)
		}
	}
	return out
}

func TestSyncRestartsTargetWithNewTimeout(t *testing.T) {
	defer goleak.VerifyNone(t)

	fetcher := &fakeFetcher{calls: make(chan string, 16)}
	app := &memAppender{}
	targetRules := []RelabelConfig{
		{SourceLabels: []string{"__meta_port"}, Regex: regexp.MustCompile("9100"), Action: ActionKeep},
		{TargetLabel: LabelJob, Replacement: "node"},
	}
	metricRules := []RelabelConfig{
		{SourceLabels: []string{LabelMetricName}, Regex: regexp.MustCompile("go_.*"), Action: ActionDrop},
	}
	m, err := New(fetcher, app,
		WithClock(manualClock{}),
		WithSchedule(15*time.Second, 5*time.Second),
		WithRelabeling(targetRules, metricRules))
	if err != nil {
		t.Fatalf("New: %v", err)
	}

	discovered := func(timeout string) []Target {
		return []Target{
			{Labels: map[string]string{LabelAddress: "10.0.0.1:9100", "__meta_port": "9100", LabelTimeout: timeout}},
			{Labels: map[string]string{LabelAddress: "10.0.0.1:8080", "__meta_port": "8080"}},
		}
	}

	if err := m.Sync(discovered("5s")); err != nil {
		t.Fatalf("first sync: %v", err)
	}
	if got := <-fetcher.calls; got != "http://10.0.0.1:9100/metrics" {
		t.Fatalf("scraped %q", got)
	}

	// Discovery reports the same target with a longer timeout.
	if err := m.Sync(discovered("10s")); err != nil {
		t.Fatalf("second sync: %v", err)
	}
	<-fetcher.calls

	m.Stop()

	if n := len(app.series("node/10.0.0.1:9100", "up")); n != 2 {
		t.Errorf("got %d up samples, want 2", n)
	}
	if n := len(app.series("node/10.0.0.1:9100", "go_goroutines")); n != 0 {
		t.Errorf("metric relabeling kept %d go_goroutines samples", n)
	}
	if err := m.Sync(discovered("5s")); err != ErrStopped {
		t.Errorf("Sync after Stop: got %v, want ErrStopped", err)
	}
}
