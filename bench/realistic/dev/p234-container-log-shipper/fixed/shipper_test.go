package shipper

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type fakeRuntime struct {
	containers []Container
	streams    map[string][]byte
}

func (f *fakeRuntime) Containers(ctx context.Context) ([]Container, error) {
	return f.containers, nil
}

func (f *fakeRuntime) Logs(ctx context.Context, id string) (io.ReadCloser, error) {
	b, ok := f.streams[id]
	if !ok {
		return nil, fmt.Errorf("no such container: %s", id)
	}
	return io.NopCloser(bytes.NewReader(b)), nil
}

type fakeSink struct {
	mu    sync.Mutex
	lines []Line
}

func (f *fakeSink) Ship(ctx context.Context, batch []Line) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lines = append(f.lines, batch...)
	return nil
}

func frames(stream byte, lines ...string) []byte {
	var b []byte
	for _, l := range lines {
		b = append(b, encodeFrame(stream, []byte(l+"\n"))...)
	}
	return b
}

func TestRunOversizedLine(t *testing.T) {
	defer goleak.VerifyNone(t)

	worker := frames(streamStdout, "starting worker", strings.Repeat("x", 300), "job 1 done")
	rt := &fakeRuntime{
		containers: []Container{
			{ID: "c1", Name: "web", Image: "nginx:1.25"},
			{ID: "c2", Name: "worker", Image: "acme/worker:7"},
		},
		streams: map[string][]byte{
			"c1": frames(streamStdout, "GET / 200", "GET /health 200"),
			"c2": worker,
		},
	}
	sink := &fakeSink{}
	var (
		mu     sync.Mutex
		failed = map[string]error{}
	)
	s := New(rt, sink, Config{
		BatchSize:     10,
		FlushInterval: time.Hour,
		MaxLineBytes:  128,
		OnError: func(id string, err error) {
			mu.Lock()
			failed[id] = err
			mu.Unlock()
		},
		Now: func() time.Time { return time.Unix(1700000000, 0) },
	})

	if err := s.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}

	mu.Lock()
	defer mu.Unlock()
	if err := failed["c2"]; !errors.Is(err, bufio.ErrTooLong) {
		t.Fatalf("error for worker = %v, want %v", err, bufio.ErrTooLong)
	}
	if err, ok := failed["c1"]; ok {
		t.Fatalf("unexpected error for web: %v", err)
	}
	web := 0
	for _, l := range sink.lines {
		if l.Container == "web" {
			web++
		}
	}
	if web != 2 {
		t.Fatalf("shipped %d lines of web, want 2 (all: %+v)", web, sink.lines)
	}
}
