package payroll

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type memSink struct {
	mu      sync.Mutex
	objects map[string][]byte
}

func (m *memSink) Put(ctx context.Context, name string, r io.Reader) error {
	m.mu.Lock()
	_, exists := m.objects[name]
	m.mu.Unlock()
	if exists {
		return ErrExists
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[name] = b
	return nil
}

func sampleRun(n int) []PayLine {
	lines := make([]PayLine, n)
	for i := range lines {
		lines[i] = PayLine{
			EmployeeID: fmt.Sprintf("E%05d", i+1),
			Name:       fmt.Sprintf("Employee %d", i+1),
			Gross:      420000 + int64(i)*1000,
			Tax:        84000,
			Deductions: 1205,
		}
	}
	return lines
}

func TestReexportIsRejected(t *testing.T) {
	defer goleak.VerifyNone(t)

	sink := &memSink{objects: map[string][]byte{}}
	clock := func() time.Time { return time.Date(2024, 3, 29, 12, 0, 0, 0, time.UTC) }
	e := NewExporter(sink, WithShardSize(4), WithClock(clock))
	ctx := context.Background()

	res, err := e.Export(ctx, "2024-03", sampleRun(10))
	if err != nil {
		t.Fatalf("first export: %v", err)
	}
	if len(res.Shards) != 3 || res.Lines != 10 {
		t.Fatalf("unexpected result %+v", res)
	}

	_, err = e.Export(ctx, "2024-03", sampleRun(10))
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second export: got %v, want ErrExists", err)
	}
}
