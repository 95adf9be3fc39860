package subalign

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"sync"
	"time"
)

// Config tunes the aligner.
type Config struct {
	// MaxShift is the largest correction considered, in either direction.
	MaxShift time.Duration
	// Step is the resolution of the shift search.
	Step time.Duration
	// SceneGap starts a new chunk when two cues are further apart.
	SceneGap time.Duration
	// MaxChunk caps the number of cues aligned together.
	MaxChunk int
	// MinScore is the coverage a chunk needs for its shift to be applied.
	MinScore float64
	// Workers is the number of chunks aligned concurrently.
	Workers int
	Logger  *log.Logger
}

// ChunkReport describes the correction chosen for one chunk.
type ChunkReport struct {
	First, Last int
	Shift       time.Duration
	Score       float64
	Applied     bool
}

// Report summarises an alignment run.
type Report struct {
	Chunks []ChunkReport
}

// Aligner moves subtitle cues onto the speech found in a film's audio.
type Aligner struct {
	det SpeechDetector
	cfg Config
	log *log.Logger
}

// New validates cfg, filling in defaults, and returns an Aligner.
func New(det SpeechDetector, cfg Config) (*Aligner, error) {
	if det == nil {
		return nil, errors.New("subalign: nil speech detector")
	}
	if cfg.MaxShift <= 0 {
		cfg.MaxShift = 5 * time.Second
	}
	if cfg.Step <= 0 {
		cfg.Step = 40 * time.Millisecond
	}
	if cfg.SceneGap <= 0 {
		cfg.SceneGap = 4 * time.Second
	}
	if cfg.MaxChunk <= 0 {
		cfg.MaxChunk = 40
	}
	if cfg.MinScore <= 0 {
		cfg.MinScore = 0.5
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(io.Discard, "", 0)
	}
	return &Aligner{det: det, cfg: cfg, log: cfg.Logger}, nil
}

type chunk struct {
	n           int
	first, last int
	cues        []Cue
}

type chunkResult struct {
	chunk
	shift time.Duration
	score float64
}

func (a *Aligner) split(cues []Cue) []chunk {
	var chunks []chunk
	start := 0
	for i := 1; i <= len(cues); i++ {
		if i < len(cues) && i-start < a.cfg.MaxChunk && cues[i].Start-cues[i-1].End <= a.cfg.SceneGap {
			continue
		}
		chunks = append(chunks, chunk{n: len(chunks), first: start, last: i - 1, cues: cues[start:i]})
		start = i
	}
	return chunks
}

// Align returns a copy of cues with each scene shifted onto the detected
// dialogue, and a report of the shifts chosen.
func (a *Aligner) Align(ctx context.Context, cues []Cue) ([]Cue, Report, error) {
	if len(cues) == 0 {
		return nil, Report{}, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	chunks := a.split(cues)
	jobs := make(chan chunk, len(chunks))
	for _, c := range chunks {
		jobs <- c
	}
	close(jobs)

	workers := a.cfg.Workers
	if workers > len(chunks) {
		workers = len(chunks)
	}
	results := make(chan chunkResult, len(chunks))
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go a.worker(ctx, &wg, jobs, results, errs)
	}
	go func() {
		wg.Wait() // leak: a worker that failed never called Done
		close(results)
	}()

	out := append([]Cue(nil), cues...)
	report := Report{Chunks: make([]ChunkReport, len(chunks))}
	for {
		select {
		case r, ok := <-results:
			if !ok {
				select {
				case err := <-errs:
					return nil, Report{}, err
				default:
				}
				return out, report, nil
			}
			report.Chunks[r.n] = a.apply(out, r)
		case err := <-errs:
			return nil, Report{}, err
		}
	}
}

func (a *Aligner) worker(ctx context.Context, wg *sync.WaitGroup, jobs <-chan chunk, results chan<- chunkResult, errs chan<- error) {
	for c := range jobs {
		if ctx.Err() != nil {
			continue
		}
		r, err := a.alignChunk(ctx, c)
		if err != nil {
			errs <- err
			return
		}
		results <- r
	}
	wg.Done()
}

func (a *Aligner) alignChunk(ctx context.Context, c chunk) (chunkResult, error) {
	from := c.cues[0].Start - a.cfg.MaxShift
	if from < 0 {
		from = 0
	}
	to := c.cues[len(c.cues)-1].End + a.cfg.MaxShift
	segs, err := a.det.Speech(ctx, from, to)
	if err != nil {
		return chunkResult{}, fmt.Errorf("subalign: cues %d-%d [%s, %s]: %w",
			c.cues[0].Index, c.cues[len(c.cues)-1].Index, formatTimestamp(from), formatTimestamp(to), err)
	}
	shift, score := bestShift(c.cues, segs, a.cfg.MaxShift, a.cfg.Step)
	return chunkResult{chunk: c, shift: shift, score: score}, nil
}

func (a *Aligner) apply(out []Cue, r chunkResult) ChunkReport {
	rep := ChunkReport{First: r.cues[0].Index, Last: r.cues[len(r.cues)-1].Index, Shift: r.shift, Score: r.score}
	if r.score < a.cfg.MinScore {
		a.log.Printf("subalign: cues %d-%d: best coverage %.2f below %.2f, left unshifted", rep.First, rep.Last, r.score, a.cfg.MinScore)
		return rep
	}
	rep.Applied = true
	for i := r.first; i <= r.last; i++ {
		out[i].Start += r.shift
		out[i].End += r.shift
		if out[i].Start < 0 {
			out[i].Start = 0
		}
	}
	return rep
}
