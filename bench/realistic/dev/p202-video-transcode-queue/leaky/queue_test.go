package transcode

import (
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

// fakeEncoder behaves like an encoder that reports some progress and then
// keeps working until it is killed through its context.
type fakeEncoder struct {
	mu       sync.Mutex
	commands []Command
}

func (f *fakeEncoder) Start(ctx context.Context, cmd Command) (Process, error) {
	f.mu.Lock()
	f.commands = append(f.commands, cmd)
	f.mu.Unlock()
	return &fakeProcess{ctx: ctx, stderr: cmd.Stderr}, nil
}

type fakeProcess struct {
	ctx    context.Context
	stderr io.Writer
}

func (p *fakeProcess) Wait() error {
	fmt.Fprint(p.stderr, "frame=120\nout_time_ms=5000000\nspeed=1.9x\nprogress=continue\n")
	<-p.ctx.Done()
	return errors.New("signal: killed")
}

type stateChange struct {
	jobID  string
	state  State
	detail string
}

type fakeStore struct{ changes chan stateChange }

func (s *fakeStore) SetState(ctx context.Context, jobID string, st State, detail string) error {
	s.changes <- stateChange{jobID, st, detail}
	return nil
}

func waitState(t *testing.T, changes <-chan stateChange, want State) stateChange {
	t.Helper()
	timeout := time.After(time.Second)
	for {
		select {
		case c := <-changes:
			if c.state == want {
				return c
			}
		case <-timeout:
			t.Fatalf("job never reached state %s", want)
		}
	}
}

func TestCancelRunningJob(t *testing.T) {
	defer goleak.VerifyNone(t)

	enc := &fakeEncoder{}
	store := &fakeStore{changes: make(chan stateChange, 16)}
	progress := make(chan float64, 16)
	q, err := New(Config{
		Runner:     enc,
		Store:      store,
		Workers:    1,
		OnProgress: func(_ string, frac float64) { progress <- frac },
	})
	if err != nil {
		t.Fatal(err)
	}

	job := Job{
		ID:        "vid-42",
		Input:     "/uploads/vid-42/source.mov",
		OutputDir: "/renditions",
		Duration:  20 * time.Second,
		Renditions: []Rendition{
			{Name: "720p", Width: 1280, Height: 720, VideoBitrate: 3000, AudioBitrate: 128},
			{Name: "360p", Width: 640, Height: 360, VideoBitrate: 800, AudioBitrate: 96},
		},
	}
	if err := q.Submit(context.Background(), job); err != nil {
		t.Fatalf("Submit: %v", err)
	}

	select {
	case frac := <-progress:
		if frac != 0.125 {
			t.Fatalf("progress = %v, want 0.125 (25%% of the first of two renditions)", frac)
		}
	case <-time.After(time.Second):
		t.Fatal("no progress reported")
	}

	if !q.Cancel(job.ID) {
		t.Fatal("Cancel: job not running")
	}
	c := waitState(t, store.changes, StateCanceled)
	if !strings.Contains(c.detail, "720p") {
		t.Errorf("detail %q should name the interrupted rendition", c.detail)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := q.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}

	enc.mu.Lock()
	defer enc.mu.Unlock()
	if len(enc.commands) != 1 {
		t.Fatalf("encoder started %d times, want 1", len(enc.commands))
	}
	if got := strings.Join(enc.commands[0].Args, " "); !strings.Contains(got, "scale=1280:720") {
		t.Errorf("unexpected encoder args: %s", got)
	}
}
