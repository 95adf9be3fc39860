package buildfarm

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Dispatch takes the first queued job that an idle agent can run, runs it
// and blocks until it finished, streaming its log into the sink.
func (s *Scheduler) Dispatch(ctx context.Context) (Outcome, error) {
	job, a, err := s.assign()
	if err != nil {
		return Outcome{}, err
	}
	out := s.run(ctx, a, job)
	s.release(a, job, out)
	return out, nil
}

// assign pops the first job some idle agent fits and marks that agent busy.
func (s *Scheduler) assign() (Job, *agent, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) == 0 {
		return Job{}, nil, ErrQueueEmpty
	}
	for i, job := range s.queue {
		for _, a := range s.agents {
			if a.running != "" || a.lost || !a.fits(job) {
				continue
			}
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
			job.Attempts++
			a.running = job.ID
			return job, a, nil
		}
	}
	return Job{}, nil, ErrNoAgent
}

// release frees the agent and requeues the job after agent loss.
func (s *Scheduler) release(a *agent, job Job, out Outcome) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a.running = ""
	if out.Status == Requeued {
		a.lost = true
		delete(s.agents, a.id)
		s.queue = append([]Job{job}, s.queue...)
	}
}

// run starts job on a and follows its log until the build ends.
func (s *Scheduler) run(ctx context.Context, a *agent, job Job) Outcome {
	out := Outcome{JobID: job.ID, AgentID: a.id}

	stream, err := a.client.Start(ctx, job)
	if err != nil {
		out.Err = fmt.Errorf("start %s on %s: %w", job.ID, a.id, err)
		out.Status = s.lostOrFailed(job)
		return out
	}

	pr, pw := io.Pipe()
	defer pr.Close()
	go pump(stream, pw)

	out.Lines, err = s.copyLog(ctx, job.ID, pr)
	var buildErr *BuildError
	switch {
	case err == nil:
		out.Status = Succeeded
	case errors.As(err, &buildErr):
		out.Status = Failed
		out.Err = err
	case errors.Is(err, ErrLogLimit):
		out.Status = Failed
		out.Err = err
		if aerr := a.client.Abort(ctx, job.ID); aerr != nil {
			out.Err = fmt.Errorf("%w (abort on %s: %v)", err, a.id, aerr)
		}
	default:
		// The stream broke: treat the agent as gone.
		out.Err = fmt.Errorf("job %s on %s: %w: %v", job.ID, a.id, ErrAgentLost, err)
		out.Status = s.lostOrFailed(job)
	}
	return out
}

func (s *Scheduler) lostOrFailed(job Job) Status {
	if job.Attempts < s.cfg.MaxAttempts {
		return Requeued
	}
	return Failed
}
