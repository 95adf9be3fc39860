package reviewbot

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Severity ranks findings.
type Severity int

// Severities, least to most severe.
const (
	Info Severity = iota + 1
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	default:
		return fmt.Sprintf("Severity(%d)", int(s))
	}
}

// Finding is one problem reported by a linter.
type Finding struct {
	Linter   string
	Rule     string
	Path     string
	Line     int
	Severity Severity
	Message  string
}

func (f Finding) key() string {
	return fmt.Sprintf("%s:%d:%s:%s", f.Path, f.Line, f.Rule, f.Message)
}

// Linter checks a single file.
type Linter interface {
	Name() string
	// Supports reports whether the linter understands the file at path.
	Supports(path string) bool
	Lint(ctx context.Context, f ChangedFile) ([]Finding, error)
}

// Comment is a review comment anchored to a line.
type Comment struct {
	Path string
	Line int
	Body string
}

func commentFor(f Finding) Comment {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s", f.Linter, f.Severity)
	if f.Rule != "" {
		fmt.Fprintf(&b, ", `%s`", f.Rule)
	}
	fmt.Fprintf(&b, "): %s", f.Message)
	return Comment{Path: f.Path, Line: f.Line, Body: b.String()}
}

type lintJob struct {
	linter Linter
	file   ChangedFile
}

type lintResult struct {
	job      lintJob
	findings []Finding
	err      error
}

// startLinters runs jobs on a pool of workers and returns a channel on which
// exactly one result per job is delivered, in completion order.
func (b *Bot) startLinters(ctx context.Context, jobs []lintJob) <-chan lintResult {
	queue := make(chan lintJob, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)

	workers := b.cfg.Concurrency
	if workers > len(jobs) {
		workers = len(jobs)
	}
	out := make(chan lintResult)
	for i := 0; i < workers; i++ {
		go b.lintWorker(ctx, queue, out)
	}
	return out
}

func (b *Bot) lintWorker(ctx context.Context, queue <-chan lintJob, out chan<- lintResult) {
	for job := range queue {
		res := b.runLinter(ctx, job)
		select {
		case out <- res:
		case <-ctx.Done():
			return
		}
	}
}

// runLinter runs one linter on one file, converting a panic in the linter
// into an error so that one broken linter cannot take down the bot.
func (b *Bot) runLinter(ctx context.Context, job lintJob) (res lintResult) {
	res.job = job
	defer func() {
		if r := recover(); r != nil {
			res.findings = nil
			res.err = fmt.Errorf("linter %s panicked on %s: %v", job.linter.Name(), job.file.Path, r)
		}
	}()

	ctx, cancel := context.WithTimeout(ctx, b.cfg.LinterTimeout)
	defer cancel()
	findings, err := job.linter.Lint(ctx, job.file)
	if err != nil {
		res.err = fmt.Errorf("linter %s on %s: %w", job.linter.Name(), job.file.Path, err)
		return res
	}
	for i := range findings {
		if findings[i].Linter == "" {
			findings[i].Linter = job.linter.Name()
		}
		if findings[i].Path == "" {
			findings[i].Path = job.file.Path
		}
	}
	res.findings = findings
	return res
}

// relevant keeps the findings that are severe enough and fall on lines the
// pull request changed, ordered by line.
func (b *Bot) relevant(f ChangedFile, findings []Finding) []Finding {
	changed := make(map[int]bool, len(f.ChangedLines))
	for _, l := range f.ChangedLines {
		changed[l] = true
	}
	var out []Finding
	for _, fd := range findings {
		if fd.Severity < b.cfg.MinSeverity {
			continue
		}
		if f.Status != Added && !changed[fd.Line] {
			continue
		}
		out = append(out, fd)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
