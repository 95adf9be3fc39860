package microfilm

import (
	"context"
	"fmt"
	"sync"
)

type frameJob struct {
	frame int
	raw   []byte
}

type frameResult struct {
	frame int
	err   error
}

// startWorkers starts the processing pool for one reel. The returned
// channel is closed by wait once all jobs have been handled.
func (s *Scanner) startWorkers(ctx context.Context, reel Reel, jobs <-chan frameJob) (<-chan frameResult, func()) {
	results := make(chan frameResult, reel.Frames)
	var wg sync.WaitGroup
	for i := 0; i < s.cfg.Workers; i++ {
		wg.Add(1)
		go func(id int) {
			defer wg.Done()
			s.work(ctx, id, reel, jobs, results)
		}(i)
	}
	return results, func() {
		wg.Wait()
		close(results)
	}
}

func (s *Scanner) work(ctx context.Context, id int, reel Reel, jobs <-chan frameJob, results chan<- frameResult) {
	for job := range jobs { // leak: jobs is never closed when the reel breaks
		err := s.processFrame(ctx, reel, job)
		if err != nil {
			s.log.Printf("microfilm: worker %d: reel %s frame %d: %v", id, reel.ID, job.frame, err)
		}
		results <- frameResult{frame: job.frame, err: err}
	}
}

func (s *Scanner) processFrame(ctx context.Context, reel Reel, job frameJob) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	master, density, err := s.proc.Process(ctx, job.raw, reel.Polarity)
	if err != nil {
		return fmt.Errorf("process: %w", err)
	}
	key := fmt.Sprintf("%s%s/%s/%05d.tif", s.cfg.KeyPrefix, reel.Collection, reel.ID, job.frame)
	meta := FrameMeta{
		Reel:       reel.ID,
		Collection: reel.Collection,
		Frame:      job.frame,
		Density:    density,
		ScannedAt:  s.cfg.Now(),
	}
	if err := s.store.Put(ctx, key, master, meta); err != nil {
		return fmt.Errorf("store %s: %w", key, err)
	}
	return nil
}
