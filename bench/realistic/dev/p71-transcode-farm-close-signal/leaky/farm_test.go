package transcode

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

type nopEncoder struct{}

func (nopEncoder) Encode(Task) error { return nil }

func TestFarmClose(t *testing.T) {
	defer goleak.VerifyNone(t)

	f := NewFarm(nopEncoder{}, 3)
	for _, name := range []string{"intro", "talk", "outro"} {
		if err := f.Submit(Task{Source: name + ".mov", Target: name + ".mp4", Profile: "h264-720p"}); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(time.Second)
	for {
		idle, done, _ := f.Stats()
		if idle == 3 && done == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("farm never settled: idle=%d done=%d", idle, done)
		}
		time.Sleep(time.Millisecond)
	}
	f.Close()
	if err := f.Submit(Task{Source: "late.mov"}); err != ErrClosed {
		t.Fatalf("Submit after Close = %v", err)
	}
}
