package transcode

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestTranscodeSucceeds(t *testing.T) {
	defer goleak.VerifyNone(t)
	o := NewOrchestrator(func(job Job) (Process, error) {
		return &SimProcess{Frames: 50, FPS: 25, Tick: time.Millisecond}, nil
	})
	var last Progress
	err := o.Transcode(context.Background(), Job{ID: "j2", Source: "in.mov", Preset: "480p", Seconds: 2}, func(p Progress) {
		last = p
	})
	if err != nil {
		t.Fatalf("Transcode: %v", err)
	}
	if last.Frame != 50 || last.Percent != 100 {
		t.Fatalf("last progress = %+v, want frame 50 at 100%%", last)
	}
}

func TestTranscodeReportsWorkerFailure(t *testing.T) {
	defer goleak.VerifyNone(t)
	o := NewOrchestrator(func(job Job) (Process, error) {
		return &SimProcess{Frames: 100, FPS: 25, Tick: time.Millisecond, FailAt: 40}, nil
	}, WithJobTimeout(time.Second))

	frames := make(chan int, 16)
	err := o.Transcode(context.Background(), Job{ID: "j1", Source: "in.mov", Preset: "720p-h264", Seconds: 4}, func(p Progress) {
		frames <- p.Frame
	})
	var exit *ExitError
	if !errors.As(err, &exit) || exit.Code != 1 {
		t.Fatalf("Transcode error = %v, want worker exit status 1", err)
	}
	if len(frames) < 2 {
		t.Fatalf("got %d progress updates before the failure, want at least 2", len(frames))
	}
}
