package transcode

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type tempErr struct{ msg string }

func (e tempErr) Error() string   { return e.msg }
func (e tempErr) Temporary() bool { return true }

// fakeEncoder encodes instantly. Chunks listed in flaky fail once with a
// temporary error; chunks listed in hang block until their context ends
// and announce themselves on hung first.
type fakeEncoder struct {
	hang map[int]bool
	hung chan int

	mu    sync.Mutex
	flaky map[int]bool
}

func (e *fakeEncoder) Encode(ctx context.Context, c Chunk) (Segment, error) {
	if e.hang[c.Index] {
		e.hung <- c.Index
		<-ctx.Done()
		return Segment{}, ctx.Err()
	}
	e.mu.Lock()
	flaky := e.flaky[c.Index]
	delete(e.flaky, c.Index)
	e.mu.Unlock()
	if flaky {
		return Segment{}, fmt.Errorf("node gpu-3: %w", tempErr{"encoder busy"})
	}
	return Segment{URI: fmt.Sprintf("s3://segments/%s/%03d.ts", c.JobID, c.Index), Length: c.Length}, nil
}

type fakeMuxer struct {
	mu       sync.Mutex
	appended map[string][]int
}

func (m *fakeMuxer) Append(ctx context.Context, jobID string, seg Segment) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.appended[jobID] = append(m.appended[jobID], seg.Index)
	return nil
}

func (m *fakeMuxer) Finish(ctx context.Context, jobID string) (string, error) {
	return "s3://renditions/" + jobID + ".mp4", nil
}

func (m *fakeMuxer) Abort(jobID string) {}

func newTestFarm(enc *fakeEncoder) (*Farm, *fakeMuxer) {
	mux := &fakeMuxer{appended: map[string][]int{}}
	return New(enc, mux, Config{Workers: 2, RetryDelay: time.Millisecond}), mux
}

var profile720 = Profile{Name: "720p", Codec: "h264", Width: 1280, Height: 720, BitrateKbps: 3000}

func TestTranscodeStitchesInOrder(t *testing.T) {
	defer goleak.VerifyNone(t)

	enc := &fakeEncoder{flaky: map[int]bool{1: true}}
	f, mux := newTestFarm(enc)
	defer f.Close()

	job := Job{ID: "ep101", SourceURI: "s3://masters/ep101.mov", Duration: 35 * time.Second, Profile: profile720}
	res, err := f.Transcode(context.Background(), job)
	if err != nil {
		t.Fatalf("Transcode: %v", err)
	}
	if res.Segments != 4 || res.Duration != job.Duration || res.URI != "s3://renditions/ep101.mp4" {
		t.Fatalf("result = %+v", res)
	}
	mux.mu.Lock()
	defer mux.mu.Unlock()
	if got := fmt.Sprint(mux.appended["ep101"]); got != "[0 1 2 3]" {
		t.Fatalf("segments appended in order %s", got)
	}
}

func TestTranscodeCanceledWhileEncoding(t *testing.T) {
	defer goleak.VerifyNone(t)

	enc := &fakeEncoder{hang: map[int]bool{1: true}, hung: make(chan int, 1)}
	f, _ := newTestFarm(enc)
	defer f.Close()

	// The operator cancels the job while its last chunk is stuck on a worker.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		job := Job{ID: "ep102", SourceURI: "s3://masters/ep102.mov", Duration: 20 * time.Second, Profile: profile720}
		_, err := f.Transcode(ctx, job)
		errc <- err
	}()
	<-enc.hung
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Transcode = %v, want context.Canceled", err)
	}

	if _, err := f.Transcode(context.Background(), Job{ID: "bad"}); !errors.Is(err, ErrInvalidJob) {
		t.Fatalf("Transcode of invalid job = %v, want ErrInvalidJob", err)
	}
}
