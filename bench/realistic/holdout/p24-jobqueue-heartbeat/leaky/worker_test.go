package jobqueue

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

type resize struct {
	Image string `json:"image"`
	Width int    `json:"width"`
}

func TestWorkerDropsMalformedJobs(t *testing.T) {
	defer goleak.VerifyNone(t)

	q := &Queue{}
	q.Enqueue([]byte(`{"image":"cat.png","width":120}`))
	q.Enqueue([]byte(`{"image":`))

	var done []string
	w := NewWorker(q, func(ctx context.Context, job Job) error {
		var r resize
		if err := json.Unmarshal(job.Payload, &r); err != nil {
			return &PermanentError{Err: err}
		}
		time.Sleep(3 * time.Millisecond) // pretend to resize
		done = append(done, r.Image)
		return nil
	}, WithVisibility(20*time.Millisecond), WithHeartbeat(5*time.Millisecond))

	ctx := context.Background()
	for {
		got, err := w.RunOnce(ctx)
		if !got {
			break
		}
		var perm *PermanentError
		if err != nil && !errors.As(err, &perm) {
			t.Fatal(err)
		}
	}
	if q.Len() != 0 || len(done) != 1 {
		t.Fatalf("queue has %d jobs, done %v; want 0 and [cat.png]", q.Len(), done)
	}
}
