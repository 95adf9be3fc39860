package breaker

import (
	"context"
	"errors"
	"fmt"
)

// ErrProbeTimeout is returned when the half-open probe does not answer in
// time; the breaker then stays open for another cool-down.
var ErrProbeTimeout = errors.New("breaker: probe timed out")

// probe runs fn as the half-open trial call. The probe gets a tighter
// deadline than ordinary calls, and the breaker does not rely on fn to
// honour it: a backend that is still struggling must not keep the breaker
// in half-open, turning away every other caller, for a full request timeout.
func (b *Breaker) probe(ctx context.Context, fn func(context.Context) error) error {
	pctx, cancel := context.WithTimeout(ctx, b.probeTimeout)
	defer cancel()

	done := make(chan error, 1)
	go func() {
		done <- fn(pctx)
	}()
	select {
	case err := <-done:
		return err
	case <-pctx.Done():
		if err := ctx.Err(); err != nil {
			return err
		}
		return fmt.Errorf("%w after %v", ErrProbeTimeout, b.probeTimeout)
	}
}
