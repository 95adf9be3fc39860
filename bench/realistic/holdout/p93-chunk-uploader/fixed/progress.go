package chunkupload

// partDone is sent by upload workers each time a part is acknowledged.
type partDone struct {
	number int
	bytes  int64
}

// report folds part completions into Progress snapshots and hands them to
// the user's callback. Running the callback on one goroutine means it never
// has to be safe for concurrent use, and a slow callback does not hold up
// the upload workers (events is buffered for every pending part).
func (u *Uploader) report(events <-chan partDone, p Progress, done chan<- struct{}) {
	defer close(done)
	start := u.clock.Now()
	var sentNow int64
	for ev := range events {
		p.BytesSent += ev.bytes
		p.PartsDone++
		sentNow += ev.bytes
		if elapsed := u.clock.Now().Sub(start).Seconds(); elapsed > 0 {
			p.BytesPerSecond = float64(sentNow) / elapsed
		}
		u.onProgress(p)
	}
}
