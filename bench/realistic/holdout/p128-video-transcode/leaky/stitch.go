package transcode

import "fmt"

type stitchResult struct {
	result Result
	err    error
}

// stitch appends the segments of run to the muxer in index order as soon
// as each becomes available, and reports the outcome on out.
func (f *Farm) stitch(run *jobRun, out chan<- stitchResult) {
	res, err := f.stitchSegments(run)
	if err != nil {
		f.mux.Abort(run.job.ID)
	}
	out <- stitchResult{result: res, err: err}
}

func (f *Farm) stitchSegments(run *jobRun) (Result, error) {
	res := Result{JobID: run.job.ID}
	for i, slot := range run.slots {
		var seg Segment
		select { // leak: on cancellation no worker fills the slot or fails the run
		case seg = <-slot:
		case <-run.failed:
			return Result{}, run.err
		}
		if err := f.mux.Append(run.ctx, run.job.ID, seg); err != nil {
			return Result{}, fmt.Errorf("append segment %d: %w", i, err)
		}
		res.Segments++
		res.Duration += seg.Length
	}
	uri, err := f.mux.Finish(run.ctx, run.job.ID)
	if err != nil {
		return Result{}, fmt.Errorf("finish: %w", err)
	}
	res.URI = uri
	return res, nil
}
