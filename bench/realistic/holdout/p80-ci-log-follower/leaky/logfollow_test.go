package logfollow

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// scriptedSource returns the scripted reads for each step in order. Once a
// script runs out it blocks until the tailer is cancelled.
type scriptedSource struct {
	mu      sync.Mutex
	scripts map[StepKey][]read
}

type read struct {
	data string
	eof  bool
}

func (s *scriptedSource) ReadLog(ctx context.Context, key StepKey, offset int64, max int) ([]byte, bool, error) {
	s.mu.Lock()
	script := s.scripts[key]
	if len(script) > 0 {
		s.scripts[key] = script[1:]
		s.mu.Unlock()
		return []byte(script[0].data), script[0].eof, nil
	}
	s.mu.Unlock()
	<-ctx.Done()
	return nil, false, ctx.Err()
}

// secretMasker masks a fixed secret. It assumes text output and falls over
// on NUL bytes, as naive third-party maskers do.
type secretMasker struct{ secret string }

func (m secretMasker) Redact(p []byte) []byte {
	if i := bytes.IndexByte(p, 0); i >= 0 {
		var lines []string
		_ = lines[i] // trips over binary input
	}
	return bytes.ReplaceAll(p, []byte(m.secret), []byte("***"))
}

func TestViewerDisconnectAfterRedactorPanic(t *testing.T) {
	defer goleak.VerifyNone(t)

	build, deploy := StepKey{"1042", "build"}, StepKey{"1042", "deploy"}
	src := &scriptedSource{scripts: map[StepKey][]read{
		build: {
			{data: "$ make test\n"},
			{data: "using token hunter2\n"},
			{data: "ok\n", eof: true},
		},
		deploy: {
			{data: "$ ./deploy.sh\n"},
			{data: "uploading artifact \x00\x7fELF\n"},
		},
	}}
	logged := make(chan string, 4)
	f := New(src, Options{
		Redactor: secretMasker{secret: "hunter2"},
		Logf: func(format string, args ...interface{}) {
			select {
			case logged <- fmt.Sprintf(format, args...):
			default:
			}
		},
	})
	defer f.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	v, err := f.Follow(ctx, build)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for c := range v.C() {
		got.Write(c.Data)
	}
	if v.Err() != nil {
		t.Fatalf("build viewer error: %v", v.Err())
	}
	if want := "$ make test\nusing token ***\nok\n"; got.String() != want {
		t.Fatalf("build log = %q, want %q", got.String(), want)
	}

	// The deploy step prints binary output that the masker cannot handle.
	tabCtx, closeTab := context.WithCancel(ctx)
	defer closeTab()
	v, err = f.Follow(tabCtx, deploy)
	if err != nil {
		t.Fatal(err)
	}
	if c := <-v.C(); string(c.Data) != "$ ./deploy.sh\n" {
		t.Fatalf("first deploy chunk = %q", c.Data)
	}
	msg := <-logged
	if !strings.Contains(msg, "1042/deploy") || !strings.Contains(msg, "panic") {
		t.Fatalf("unexpected log message %q", msg)
	}

	// The user closes the browser tab.
	closeTab()

	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
