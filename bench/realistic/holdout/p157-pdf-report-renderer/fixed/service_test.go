package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

type fakeSource struct {
	reports map[string]Report
}

func (f *fakeSource) Load(_ context.Context, id string) (Report, error) {
	rep, ok := f.reports[id]
	if !ok {
		return Report{}, ErrNotFound
	}
	return rep, nil
}

type fakePages struct {
	mu    sync.Mutex
	calls int
}

func (f *fakePages) RenderPage(_ context.Context, reportID string, page PageSpec) ([]byte, error) {
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	return []byte(fmt.Sprintf("<< /Type /Page /Contents (%s p%d %s) >>", reportID, page.Number, page.Template)), nil
}

var errClientGone = errors.New("write: broken pipe")

// flakyClient accepts the first okWrites writes and then fails, like a
// browser that navigated away mid-download.
type flakyClient struct {
	okWrites int
	buf      bytes.Buffer
	headers  map[string]string
}

func (c *flakyClient) SetHeader(k, v string) {
	if c.headers == nil {
		c.headers = map[string]string{}
	}
	c.headers[k] = v
}

func (c *flakyClient) Write(p []byte) (int, error) {
	if c.okWrites <= 0 {
		return 0, errClientGone
	}
	c.okWrites--
	return c.buf.Write(p)
}

func quarterly() Report {
	rep := Report{ID: "q3-2023", Title: "Q3 (EMEA) revenue", Author: "finance"}
	for i := 1; i <= 5; i++ {
		rep.Pages = append(rep.Pages, PageSpec{Number: i, Template: "table"})
	}
	return rep
}

func TestDownloadClientDisconnects(t *testing.T) {
	defer goleak.VerifyNone(t)

	src := &fakeSource{reports: map[string]Report{"q3-2023": quarterly()}}
	pages := &fakePages{}
	svc := NewService(NewRenderer(src, pages, WithParallelism(2)), 4)

	// A full download works.
	ok := &flakyClient{okWrites: 1 << 20}
	n, err := svc.Download(context.Background(), "q3-2023", ok)
	if err != nil {
		t.Fatalf("Download: %v", err)
	}
	if n == 0 || !bytes.HasPrefix(ok.buf.Bytes(), []byte("%PDF-1.7")) || !bytes.HasSuffix(ok.buf.Bytes(), []byte("%%EOF\n")) {
		t.Fatalf("unexpected document (%d bytes): %q", n, ok.buf.String())
	}
	if got := ok.headers["Content-Type"]; got != "application/pdf" {
		t.Fatalf("Content-Type = %q", got)
	}

	// The client goes away after receiving the header.
	gone := &flakyClient{okWrites: 1}
	_, err = svc.Download(context.Background(), "q3-2023", gone)
	if !errors.Is(err, errClientGone) {
		t.Fatalf("Download error = %v, want %v", err, errClientGone)
	}

	if _, err := svc.Download(context.Background(), "missing", ok); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Download(missing) error = %v, want ErrNotFound", err)
	}

	served, failures := svc.Stats()
	if served != 1 || failures != 2 {
		t.Fatalf("Stats = %d served, %d failures; want 1, 2", served, failures)
	}
}
