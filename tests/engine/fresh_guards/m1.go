package fresh

// The label's comment is a named child of the labeled statement: the loop it names
// (and the receive in its select) must still be read.
func pushM1(do func() error, progress chan int, report func(int)) error {
	errc := make(chan error)
	go func() {
		errc <- do()
	}()

loop: // leave the loop on the first error
	for {
		select {
		case n := <-progress:
			report(n)
		case err := <-errc:
			if err != nil {
				break loop
			}
			return nil
		}
	}
	return nil
}
