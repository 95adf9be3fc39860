package shipper

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func writeLog(t *testing.T, lines int) string {
	t.Helper()
	var sb strings.Builder
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&sb, "2024-05-01T12:00:%02d.000Z level=info msg=\"request served\" id=%d\n", i%60, i)
	}
	path := filepath.Join(t.TempDir(), "app.log")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

var errUnavailable = errors.New("collector unavailable: 503")

func TestShipStopsWhenCollectorIsDown(t *testing.T) {
	defer goleak.VerifyNone(t)
	path := writeLog(t, 2000)

	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()

	calls := 0
	fwd := ForwarderFunc(func(ctx context.Context, b Batch) error {
		calls++
		return errUnavailable
	})
	st, err := Ship(ctx, path, fwd,
		WithBatchSize(50),
		WithRetry(2, time.Millisecond),
		WithPollInterval(5*time.Millisecond),
	)
	if !errors.Is(err, errUnavailable) {
		t.Fatalf("Ship error = %v, want %v", err, errUnavailable)
	}
	if calls != 2 || st.Lines != 0 {
		t.Fatalf("calls=%d lines=%d, want 2 calls and nothing shipped", calls, st.Lines)
	}
}
