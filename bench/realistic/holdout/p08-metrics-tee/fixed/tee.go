// Package metrics splits a stream of samples between an archiver and a live view.
package metrics

// Sample is one measurement.
type Sample struct {
	Name  string
	Value float64
}

// Tee copies every sample from in to both outputs; both are closed when in is.
func Tee(in <-chan Sample) (<-chan Sample, <-chan Sample) {
	outA, outB := make(chan Sample), make(chan Sample)
	go func() {
		defer close(outA)
		defer close(outB)
		for s := range in {
			a, b := outA, outB
			for i := 0; i < 2; i++ {
				select {
				case a <- s:
					a = nil
				case b <- s:
					b = nil
				}
			}
		}
	}()
	return outA, outB
}
