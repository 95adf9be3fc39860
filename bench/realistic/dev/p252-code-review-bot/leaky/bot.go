// Package reviewbot runs linters over the files changed in a pull request
// and posts their findings as review comments.
package reviewbot

import (
	"context"
	"errors"
	"fmt"
	"log"
	"path"
	"time"
)

// PullRequest identifies the pull request under review.
type PullRequest struct {
	Repo    string
	Number  int
	HeadSHA string
}

func (pr PullRequest) String() string { return fmt.Sprintf("%s#%d", pr.Repo, pr.Number) }

// FileStatus is how a file changed in the pull request.
type FileStatus string

// File statuses reported by the code host.
const (
	Added    FileStatus = "added"
	Modified FileStatus = "modified"
	Removed  FileStatus = "removed"
	Renamed  FileStatus = "renamed"
)

// ChangedFile is one file touched by the pull request.
type ChangedFile struct {
	Path    string
	Status  FileStatus
	Content []byte
	// ChangedLines are the line numbers added or modified by the pull
	// request. Findings outside them are not commented on.
	ChangedLines []int
}

// CodeHost is the subset of the code hosting API the bot needs.
type CodeHost interface {
	ChangedFiles(ctx context.Context, pr PullRequest) ([]ChangedFile, error)
	PostComment(ctx context.Context, pr PullRequest, c Comment) error
}

// ErrPullRequestClosed is returned by CodeHost.PostComment when the pull
// request was closed or merged while the review was running.
var ErrPullRequestClosed = errors.New("reviewbot: pull request closed")

// Config configures a Bot.
type Config struct {
	Host    CodeHost
	Linters []Linter
	// Concurrency is the number of linter runs in flight. Defaults to 4.
	Concurrency int
	// LinterTimeout bounds a single linter run on a single file.
	// Defaults to one minute.
	LinterTimeout time.Duration
	// MaxComments caps the comments posted per review. Defaults to 50.
	MaxComments int
	// MinSeverity filters out less severe findings. Defaults to Warning.
	MinSeverity Severity
	// Logger defaults to log.Default().
	Logger *log.Logger
}

// Bot reviews pull requests.
type Bot struct {
	cfg Config
}

// New returns a Bot for cfg.
func New(cfg Config) (*Bot, error) {
	if cfg.Host == nil {
		return nil, errors.New("reviewbot: no code host configured")
	}
	if len(cfg.Linters) == 0 {
		return nil, errors.New("reviewbot: no linters configured")
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.LinterTimeout <= 0 {
		cfg.LinterTimeout = time.Minute
	}
	if cfg.MaxComments <= 0 {
		cfg.MaxComments = 50
	}
	if cfg.MinSeverity == 0 {
		cfg.MinSeverity = Warning
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	return &Bot{cfg: cfg}, nil
}

// Report summarises one review.
type Report struct {
	Files      int
	LintRuns   int
	Findings   int
	Posted     int
	Suppressed int
	LintErrors []error
}

// Review lints the changed files of pr and posts a comment per finding.
// Linter failures are collected in the report; failing to post a comment
// aborts the review.
func (b *Bot) Review(ctx context.Context, pr PullRequest) (Report, error) {
	var rep Report
	files, err := b.cfg.Host.ChangedFiles(ctx, pr)
	if err != nil {
		return rep, fmt.Errorf("review %s: list changed files: %w", pr, err)
	}
	jobs := b.plan(files)
	rep.Files = len(files)
	rep.LintRuns = len(jobs)
	if len(jobs) == 0 {
		return rep, nil
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := b.startLinters(ctx, jobs)

	seen := make(map[string]bool)
	for i := 0; i < len(jobs); i++ {
		var res lintResult
		select {
		case res = <-results:
		case <-ctx.Done():
			return rep, fmt.Errorf("review %s: %w", pr, ctx.Err())
		}
		if res.err != nil {
			rep.LintErrors = append(rep.LintErrors, res.err)
			continue
		}
		for _, f := range b.relevant(res.job.file, res.findings) {
			rep.Findings++
			key := f.key()
			if seen[key] || rep.Posted >= b.cfg.MaxComments {
				rep.Suppressed++
				continue
			}
			seen[key] = true
			if err := b.cfg.Host.PostComment(ctx, pr, commentFor(f)); err != nil {
				return rep, fmt.Errorf("review %s: comment on %s:%d: %w", pr, f.Path, f.Line, err)
			}
			rep.Posted++
		}
	}
	return rep, nil
}

// plan pairs every reviewable file with every linter that supports it.
// Removed files and vendored code are skipped.
func (b *Bot) plan(files []ChangedFile) []lintJob {
	var jobs []lintJob
	for _, f := range files {
		if f.Status == Removed || isVendored(f.Path) {
			continue
		}
		for _, l := range b.cfg.Linters {
			if l.Supports(f.Path) {
				jobs = append(jobs, lintJob{linter: l, file: f})
			}
		}
	}
	return jobs
}

func isVendored(p string) bool {
	for dir := path.Dir(p); dir != "." && dir != "/"; dir = path.Dir(dir) {
		switch path.Base(dir) {
		case "vendor", "node_modules", "third_party":
			return true
		}
	}
	return false
}
