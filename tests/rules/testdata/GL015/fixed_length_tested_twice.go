// Transition counts a goroutine for each side with work to do, then starts one per
// side under the same test (`len(side) > 0`, written once as its negation): both
// ifs on a side take the same arm (REPEATED_TEST), so every Add has its Done.
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
	if !(len(beta) <= 0) {
		go func() {
			betaErrs = apply(beta)
			done.Done()
		}()
	}
	done.Wait()
	return alphaErrs, betaErrs
}
