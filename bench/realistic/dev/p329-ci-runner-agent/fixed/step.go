package agent

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

// StepStatus is the outcome of a step.
type StepStatus string

// Step outcomes.
const (
	StepSucceeded StepStatus = "succeeded"
	StepFailed    StepStatus = "failed"
	StepTimedOut  StepStatus = "timed_out"
	StepSkipped   StepStatus = "skipped"
	StepCancelled StepStatus = "cancelled"
)

// StepResult describes how a step ended.
type StepResult struct {
	Name     string
	Status   StepStatus
	ExitCode int
	Duration time.Duration
	Error    string
}

// JobResult is reported to the coordinator when a job ends.
type JobResult struct {
	JobID     string
	Succeeded bool
	Steps     []StepResult
}

// runJob runs the steps of job in order. After a step that does not
// succeed (and does not allow failure) the remaining steps are skipped.
func (a *Agent) runJob(ctx context.Context, job *Job) JobResult {
	res := JobResult{JobID: job.ID, Succeeded: true}
	env := make(map[string]string, len(job.Env)+len(job.Secrets))
	for k, v := range job.Env {
		env[k] = v
	}
	for k, v := range job.Secrets {
		env[k] = v
	}
	mask := newMasker(job.Secrets)

	stop := false
	for _, step := range job.Steps {
		if stop {
			res.Steps = append(res.Steps, StepResult{Name: step.Name, Status: StepSkipped})
			continue
		}
		sr := a.runStep(ctx, job.ID, step, env, mask)
		res.Steps = append(res.Steps, sr)
		if sr.Status == StepCancelled || (sr.Status != StepSucceeded && !step.AllowFailure) {
			res.Succeeded = false
			stop = true
		}
	}
	return res
}

// runStep executes a single step while its output is streamed to the log
// sink by a separate goroutine.
func (a *Agent) runStep(ctx context.Context, jobID string, step Step, env map[string]string, mask *masker) StepResult {
	timeout := step.Timeout
	if timeout <= 0 {
		timeout = a.stepTimeout
	}
	stepCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	pr, pw := io.Pipe()
	streamed := make(chan error, 1)
	go func() {
		streamed <- a.streamLogs(ctx, jobID, step.Name, pr, mask)
	}()

	start := time.Now()
	code, runErr := a.exec.Run(stepCtx, step, env, pw)
	res := StepResult{Name: step.Name, ExitCode: code, Duration: time.Since(start)}
	pw.Close()

	if ctx.Err() == nil && errors.Is(stepCtx.Err(), context.DeadlineExceeded) {
		res.Status = StepTimedOut
		res.Error = fmt.Sprintf("step exceeded its timeout of %s", timeout)
		a.logf("job %s: step %q timed out after %s", jobID, step.Name, timeout)
		return res
	}

	if err := <-streamed; err != nil {
		a.logf("job %s: step %q: log upload incomplete: %v", jobID, step.Name, err)
	}
	switch {
	case ctx.Err() != nil:
		res.Status = StepCancelled
		res.Error = ctx.Err().Error()
	case runErr != nil:
		res.Status = StepFailed
		res.Error = fmt.Errorf("run step %q: %w", step.Name, runErr).Error()
	case code != 0:
		res.Status = StepFailed
		res.Error = fmt.Sprintf("exit status %d", code)
	default:
		res.Status = StepSucceeded
	}
	return res
}
