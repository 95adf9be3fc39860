package tension

import (
	"io"
	"log"
)

// Logger is the subset of *log.Logger the controller uses.
type Logger interface {
	Printf(format string, args ...any)
}

type options struct {
	batch  int
	settle int
	logger Logger
}

func defaultOptions() options {
	return options{
		batch:  200,
		settle: 3,
		logger: log.New(io.Discard, "", 0),
	}
}

// Option configures a Controller.
type Option func(*options)

// WithBatch sets how many picks a loom weaves between tension checks.
func WithBatch(picks int) Option {
	return func(o *options) {
		if picks > 0 {
			o.batch = picks
		}
	}
}

// WithSettleReadings sets how many consecutive in-band readings a warp must
// show before weaving resumes, so the let-off motor does not hunt.
func WithSettleReadings(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.settle = n
		}
	}
}

// WithLogger sends controller events to l.
func WithLogger(l Logger) Option {
	return func(o *options) {
		if l != nil {
			o.logger = l
		}
	}
}
