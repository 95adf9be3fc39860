package logalert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeSource struct {
	files map[string]string
}

func (s fakeSource) Open(_ context.Context, name string, offset int64) (io.ReadCloser, error) {
	data, ok := s.files[name]
	if !ok {
		return nil, fmt.Errorf("open %s: not found", name)
	}
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return io.NopCloser(strings.NewReader(data[offset:])), nil
}

type fakeNotifier struct {
	mu     sync.Mutex
	alerts []Alert
	err    error
}

func (n *fakeNotifier) Notify(_ context.Context, a Alert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.err != nil {
		return n.err
	}
	n.alerts = append(n.alerts, a)
	return nil
}

type fixedClock struct{ now time.Time }

func (c fixedClock) Now() time.Time { return c.now }

func criLog(lines ...string) string {
	var b strings.Builder
	for i, l := range lines {
		fmt.Fprintf(&b, "2024-03-01T10:00:%02d.000000000Z stdout F %s\n", i, l)
	}
	return b.String()
}

func TestPollDeduplicates(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := fakeSource{files: map[string]string{
		"/var/log/app.log": "disk 91% full on /dev/sda1\nok\ndisk 92% full on /dev/sda1\n",
	}}
	n := &fakeNotifier{}
	tl, err := New(src, n, []Rule{{
		Name:     "disk-full",
		Pattern:  regexp.MustCompile(`disk \d+% full`),
		Severity: Warning,
	}}, WithClock(fixedClock{now: time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)}))
	if err != nil {
		t.Fatal(err)
	}
	if err := tl.Poll(context.Background(), []string{"/var/log/app.log"}); err != nil {
		t.Fatalf("Poll: %v", err)
	}
	if len(n.alerts) != 1 || n.alerts[0].Count != 1 {
		t.Fatalf("alerts = %+v, want a single alert", n.alerts)
	}
}

func TestPollNotifierDown(t *testing.T) {
	defer goleak.VerifyNone(t)

	errPager := errors.New("pager unreachable")
	src := fakeSource{files: map[string]string{
		"/var/log/pods/api/0.log": criLog(
			"GET /healthz 200",
			"ERROR upstream timeout after 3000ms",
			"GET /v1/orders 200",
			"ERROR upstream timeout after 3100ms",
			"GET /v1/orders/7 200",
		),
	}}
	n := &fakeNotifier{err: errPager}
	cps := &MemoryCheckpoints{}
	tl, err := New(src, n, []Rule{{
		Name:     "upstream-timeout",
		Pattern:  regexp.MustCompile(`ERROR upstream timeout`),
		Severity: Critical,
	}},
		WithDecoder(CRIDecoder{}),
		WithClock(fixedClock{now: time.Date(2024, 3, 1, 10, 1, 0, 0, time.UTC)}),
		WithCheckpoints(cps),
	)
	if err != nil {
		t.Fatal(err)
	}

	err = tl.Poll(context.Background(), []string{"/var/log/pods/api/0.log"})
	if !errors.Is(err, errPager) {
		t.Fatalf("Poll error = %v, want %v", err, errPager)
	}
	if off, _ := cps.Load("/var/log/pods/api/0.log"); off != 0 {
		t.Fatalf("checkpoint advanced to %d after a failed poll", off)
	}
}
