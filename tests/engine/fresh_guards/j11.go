package fresh

import "context"

type runnerJ11 struct{ steps []func() error }

// runStep returns an unbuffered channel; every call of runStep below receives from
// it on every path, the cancelled one included (CALLERS_IN_VIEW, for a method).
func (r *runnerJ11) runStep(step func() error) <-chan error {
	res := make(chan error)
	go func() {
		res <- step()
		close(res)
	}()
	return res
}

func (r *runnerJ11) runAll(ctx context.Context) error {
	for _, step := range r.steps {
		ch := r.runStep(step)
		select {
		case <-ctx.Done():
			<-ch
			return ctx.Err()
		case err := <-ch:
			if err != nil {
				return err
			}
		}
	}
	return nil
}
