package multifile

func warm(out chan<- error) {
	out <- nil
}
