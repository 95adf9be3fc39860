package fetch

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSource map[string]string

func (m memSource) Open(_ context.Context, name string) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(m[name])), nil
}

func TestFetch(t *testing.T) {
	defer goleak.VerifyNone(t)
	d := NewDownloader(memSource{"app.tar": "0123456789"}, time.Millisecond, func(string, int64) {})
	var buf bytes.Buffer
	n, err := d.Fetch(context.Background(), "app.tar", &buf)
	if err != nil || n != 10 {
		t.Fatalf("got %d, %v", n, err)
	}
}
