package grading

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"time"
)

// Deck is a batch of tagged logs waiting on the infeed deck.
type Deck struct {
	ID   string
	Tags []string
}

// Rejection records a log that could not be graded.
type Rejection struct {
	Tag string
	Err error
}

// Tally is the grading summary of one deck.
type Tally struct {
	DeckID   string
	Graded   []Assessment
	Rejected []Rejection
	ByGrade  map[Grade]int
	NetBF    float64
}

func (t *Tally) add(a Assessment) {
	t.Graded = append(t.Graded, a)
	t.ByGrade[a.Grade]++
	t.NetBF += a.NetBF
}

// Line grades decks of logs with a pool of graders sharing one scanner.
type Line struct {
	scanner     Scanner
	rule        VolumeRule
	graders     int
	scanTimeout time.Duration
	logger      *log.Logger
}

// Option configures a Line.
type Option func(*Line)

// WithGraders sets how many logs are scanned and graded concurrently.
func WithGraders(n int) Option { return func(l *Line) { l.graders = n } }

// WithRule sets the log rule used for board-foot volume.
func WithRule(r VolumeRule) Option { return func(l *Line) { l.rule = r } }

// WithScanTimeout bounds the time allowed for a single scan.
func WithScanTimeout(d time.Duration) Option { return func(l *Line) { l.scanTimeout = d } }

// WithLogger sets the logger for per-log diagnostics.
func WithLogger(lg *log.Logger) Option { return func(l *Line) { l.logger = lg } }

// NewLine returns a grading line reading from scanner.
func NewLine(scanner Scanner, opts ...Option) (*Line, error) {
	if scanner == nil {
		return nil, errors.New("grading: nil scanner")
	}
	l := &Line{
		scanner:     scanner,
		rule:        Doyle,
		graders:     4,
		scanTimeout: 2 * time.Second,
		logger:      log.New(io.Discard, "", 0),
	}
	for _, o := range opts {
		o(l)
	}
	if l.graders < 1 {
		return nil, fmt.Errorf("grading: need at least one grader, got %d", l.graders)
	}
	return l, nil
}

type outcome struct {
	tag        string
	assessment Assessment
	err        error
}

// GradeDeck scans and grades every log on deck. Logs that cannot be read are
// listed in the tally as rejected; a scanner fault aborts the deck because no
// further measurement can be trusted until the head is recalibrated.
func (l *Line) GradeDeck(ctx context.Context, deck Deck) (*Tally, error) {
	tally := &Tally{DeckID: deck.ID, ByGrade: make(map[Grade]int)}
	if len(deck.Tags) == 0 {
		return tally, nil
	}

	jobs := make(chan string, len(deck.Tags))
	for _, tag := range deck.Tags {
		jobs <- tag
	}
	close(jobs)

	results := make(chan outcome, len(deck.Tags))
	n := l.graders
	if n > len(deck.Tags) {
		n = len(deck.Tags)
	}
	for i := 0; i < n; i++ {
		go l.grader(ctx, jobs, results)
	}

	for range deck.Tags {
		var res outcome
		select {
		case res = <-results:
		case <-ctx.Done():
			return tally, fmt.Errorf("deck %s: %w", deck.ID, ctx.Err())
		}
		if res.err != nil {
			if errors.Is(res.err, ErrScannerFault) {
				l.logger.Printf("deck %s: scanner fault on %s, stopping deck", deck.ID, res.tag)
				return tally, fmt.Errorf("deck %s: %w", deck.ID, res.err)
			}
			l.logger.Printf("deck %s: rejecting %s: %v", deck.ID, res.tag, res.err)
			tally.Rejected = append(tally.Rejected, Rejection{Tag: res.tag, Err: res.err})
			continue
		}
		tally.add(res.assessment)
	}
	l.logger.Printf("deck %s: %d graded, %d rejected, %.0f BF net",
		deck.ID, len(tally.Graded), len(tally.Rejected), tally.NetBF)
	return tally, nil
}

func (l *Line) grader(ctx context.Context, jobs <-chan string, results chan<- outcome) {
	for tag := range jobs {
		res := outcome{tag: tag}
		res.assessment, res.err = l.gradeOne(ctx, tag)
		results <- res
	}
}

func (l *Line) gradeOne(ctx context.Context, tag string) (Assessment, error) {
	sctx, cancel := context.WithTimeout(ctx, l.scanTimeout)
	defer cancel()
	scan, err := l.scanner.Scan(sctx, tag)
	if err != nil {
		return Assessment{}, fmt.Errorf("scan %s: %w", tag, err)
	}
	if err := scan.Validate(); err != nil {
		return Assessment{}, fmt.Errorf("%w: %v", ErrNoReading, err)
	}
	return Assess(scan, l.rule), nil
}
