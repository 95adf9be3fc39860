// Transition counts a goroutine for beta whenever it has a change, but starts it only
// when it has more than one: with a single beta change, Wait waits for a Done that
// never comes.
package transition

import "sync"

type Change struct{ Path string }

func apply(changes []Change) []error {
	errs := make([]error, len(changes))
	return errs
}

func Transition(alpha, beta []Change) (alphaErrs, betaErrs []error) {
	var done sync.WaitGroup
	if len(alpha) > 0 {
		done.Add(1)
	}
	if len(beta) > 0 {
		done.Add(1)
	}
	if len(alpha) > 0 {
		go func() {
			alphaErrs = apply(alpha)
			done.Done()
		}()
	}
	if len(beta) > 1 {
		go func() {
			betaErrs = apply(beta)
			done.Done()
		}()
	}
	done.Wait() // want "`done.Wait\\(\\)` blocks forever"
	return alphaErrs, betaErrs
}
