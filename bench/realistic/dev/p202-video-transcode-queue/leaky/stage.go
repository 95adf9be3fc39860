package transcode

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"time"
)

// stage is one encoder invocation within a job.
type stage struct {
	index, total int // position among the job's stages, for overall progress
	rendition    Rendition
	args         []string
}

func (q *Queue) runJob(ctx context.Context, job *Job) error {
	for i, r := range job.Renditions {
		st := stage{index: i, total: len(job.Renditions), rendition: r, args: encoderArgs(job, r)}
		if err := q.runStage(ctx, job, st); err != nil {
			return fmt.Errorf("job %s: rendition %s: %w", job.ID, r.Name, err)
		}
	}
	return nil
}

// encoderArgs builds an ffmpeg-style command line that writes key=value
// progress records to stderr.
func encoderArgs(job *Job, r Rendition) []string {
	out := path.Join(job.OutputDir, job.ID, r.Name+".mp4")
	return []string{
		"-hide_banner", "-nostats", "-loglevel", "error",
		"-progress", "pipe:2",
		"-i", job.Input,
		"-vf", fmt.Sprintf("scale=%d:%d", r.Width, r.Height),
		"-c:v", "libx264", "-b:v", strconv.Itoa(r.VideoBitrate) + "k",
		"-c:a", "aac", "-b:a", strconv.Itoa(r.AudioBitrate) + "k",
		"-movflags", "+faststart",
		"-y", out,
	}
}

// runStage runs one encoder process to completion, streaming its progress
// output to the progress parser.
func (q *Queue) runStage(ctx context.Context, job *Job, st stage) error {
	pr, pw := io.Pipe()
	parsed := make(chan struct{})
	go func() {
		defer close(parsed)
		q.readProgress(pr, job, st)
	}()

	proc, err := q.cfg.Runner.Start(ctx, Command{Path: q.cfg.EncoderPath, Args: st.args, Stderr: pw})
	if err != nil {
		pw.CloseWithError(err)
		<-parsed
		return fmt.Errorf("start encoder: %w", err)
	}
	waitErr := proc.Wait()
	if waitErr != nil && ctx.Err() != nil {
		// The encoder was killed because the job was cancelled or timed
		// out; whatever it printed on the way down is noise.
		return fmt.Errorf("encoder stopped: %w", ctx.Err())
	}
	pw.Close()
	<-parsed
	if waitErr != nil {
		return fmt.Errorf("encoder: %w", waitErr)
	}
	q.report(job, st, 1)
	return nil
}

// readProgress parses the encoder's progress records until the pipe is
// closed. Records look like:
//
//	out_time_ms=5005000
//	speed=2.1x
//	progress=continue
//
// Note that out_time_ms is, despite its name, in microseconds.
func (q *Queue) readProgress(r io.Reader, job *Job, st stage) {
	sc := bufio.NewScanner(r)
	var outTime time.Duration
	for sc.Scan() { // leak: pipe writer is never closed when the encoder is killed by cancellation
		key, val, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok {
			q.cfg.Logf("transcode: job %s: encoder: %s", job.ID, sc.Text())
			continue
		}
		switch key {
		case "out_time_ms":
			us, err := strconv.ParseInt(val, 10, 64)
			if err == nil && us >= 0 {
				outTime = time.Duration(us) * time.Microsecond
			}
		case "progress":
			if job.Duration > 0 {
				frac := float64(outTime) / float64(job.Duration)
				if frac > 1 {
					frac = 1
				}
				q.report(job, st, frac)
			}
		}
	}
	// Keep draining so the encoder never blocks on a full pipe if the
	// scanner gave up on an overlong line.
	_, _ = io.Copy(io.Discard, r)
}

// report publishes overall job progress given progress within a stage.
func (q *Queue) report(job *Job, st stage, stageFrac float64) {
	if q.cfg.OnProgress == nil {
		return
	}
	q.cfg.OnProgress(job.ID, (float64(st.index)+stageFrac)/float64(st.total))
}
