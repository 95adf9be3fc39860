package rounds

import (
	"context"
	"errors"
	"time"
)

type outcome struct {
	animal  Animal
	finding Finding
	err     error
}

func (s *Scheduler) dispatch(ctx context.Context, due []Animal) <-chan outcome {
	jobs := make(chan Animal, len(due))
	for _, a := range due {
		jobs <- a
	}
	close(jobs)

	workers := s.cfg.workers
	if workers > len(due) {
		workers = len(due)
	}
	out := make(chan outcome)
	for i := 0; i < workers; i++ {
		go s.examineLoop(ctx, jobs, out)
	}
	return out
}

func (s *Scheduler) examineLoop(ctx context.Context, jobs <-chan Animal, out chan<- outcome) {
	for a := range jobs {
		if ctx.Err() != nil {
			return
		}
		o := outcome{animal: a}
		o.finding, o.err = s.examineWithRetry(ctx, a)
		select { // leak: RunRound returned early and ctx is never cancelled
		case out <- o:
		case <-ctx.Done():
			return
		}
	}
}

func (s *Scheduler) examineWithRetry(ctx context.Context, a Animal) (Finding, error) {
	var lastErr error
	for attempt := 0; attempt <= s.cfg.retries; attempt++ {
		if attempt > 0 {
			t := time.NewTimer(s.cfg.retryDelay)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return Finding{}, ctx.Err()
			}
		}
		f, err := s.examineOnce(ctx, a)
		if err == nil {
			return f, nil
		}
		lastErr = err
		var te *TransientError
		if !errors.As(err, &te) {
			break
		}
		s.cfg.logger.Printf("rounds: retrying exam of %s: %v", a.ID, err)
	}
	return Finding{}, lastErr
}

func (s *Scheduler) examineOnce(ctx context.Context, a Animal) (Finding, error) {
	ectx, cancel := context.WithTimeout(ctx, s.cfg.examTimeout)
	defer cancel()
	f, err := s.examiner.Examine(ectx, a)
	if err != nil {
		return Finding{}, err
	}
	if f.AnimalID == "" {
		f.AnimalID = a.ID
	}
	if f.At.IsZero() {
		f.At = s.cfg.now()
	}
	return f, nil
}
