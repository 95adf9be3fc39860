package spellingbee

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Verdict is the outcome of judging a single attempt.
type Verdict int

const (
	// Correct means the attempt matches an accepted spelling.
	Correct Verdict = iota
	// Incorrect means the attempt matches no accepted spelling.
	Incorrect
	// Unverified means the dictionary could not be consulted; the word
	// must be re-asked and the contestant may not be eliminated.
	Unverified
)

func (v Verdict) String() string {
	switch v {
	case Correct:
		return "correct"
	case Incorrect:
		return "incorrect"
	case Unverified:
		return "unverified"
	default:
		return fmt.Sprintf("Verdict(%d)", int(v))
	}
}

// ErrLookupTimeout is recorded on a Ruling when the dictionary did not answer
// within the judge's lookup timeout.
var ErrLookupTimeout = errors.New("spellingbee: dictionary lookup timed out")

// Ruling is the judge's decision on one attempt.
type Ruling struct {
	Word     string
	Attempt  string
	Verdict  Verdict
	Accepted []string
	Elapsed  time.Duration
	Err      error
}

// Judge rules on attempts by consulting a Dictionary.
type Judge struct {
	dict       Dictionary
	timeout    time.Duration
	strictCase bool
	now        func() time.Time
}

// Option configures a Judge.
type Option func(*Judge)

// WithLookupTimeout bounds how long the judge waits for the dictionary.
func WithLookupTimeout(d time.Duration) Option {
	return func(j *Judge) {
		if d > 0 {
			j.timeout = d
		}
	}
}

// WithStrictCase makes spelling comparison case-sensitive, as required for
// proper nouns rounds.
func WithStrictCase() Option {
	return func(j *Judge) { j.strictCase = true }
}

// WithClock replaces the clock used to measure rulings.
func WithClock(now func() time.Time) Option {
	return func(j *Judge) { j.now = now }
}

// NewJudge returns a judge backed by dict.
func NewJudge(dict Dictionary, opts ...Option) *Judge {
	j := &Judge{
		dict:    dict,
		timeout: 2 * time.Second,
		now:     time.Now,
	}
	for _, o := range opts {
		o(j)
	}
	return j
}

type lookupResult struct {
	entry Entry
	err   error
}

// lookup asks the dictionary for word, giving up after the judge's timeout
// so that a slow lexicon service cannot stall the stage.
func (j *Judge) lookup(ctx context.Context, word string) (Entry, error) {
	results := make(chan lookupResult)
	go func() {
		e, err := j.dict.Lookup(ctx, word)
		results <- lookupResult{entry: e, err: err} // leak: nobody receives after the judge timed out
	}()

	timer := time.NewTimer(j.timeout)
	defer timer.Stop()
	select {
	case r := <-results:
		return r.entry, r.err
	case <-timer.C:
		return Entry{}, ErrLookupTimeout
	case <-ctx.Done():
		return Entry{}, ctx.Err()
	}
}

// Rule judges attempt as a spelling of word.
func (j *Judge) Rule(ctx context.Context, word, attempt string) Ruling {
	start := j.now()
	r := Ruling{Word: word, Attempt: attempt}
	entry, err := j.lookup(ctx, word)
	r.Elapsed = j.now().Sub(start)
	if err != nil {
		r.Verdict = Unverified
		r.Err = err
		return r
	}
	r.Accepted = entry.Spellings()
	if entry.Accepts(attempt, j.strictCase) {
		r.Verdict = Correct
	} else {
		r.Verdict = Incorrect
	}
	return r
}
