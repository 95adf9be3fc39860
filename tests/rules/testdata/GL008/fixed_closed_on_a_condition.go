package fixedclosedonacondition

// record is one record of a snapshot: a series, or an index that comes after them all.
type record struct {
	index bool
	ref   int
}

// Load hands the series to the workers, and closes their channel once, at the first
// index record or at the end. The way out after the loop comes after both closes:
// whether it skips them is the data's business (`index` set only after a close), so a
// worker quitting on a failure is not taken to wait (FAILURE_EXIT_IS_NO_MARKER's limit).
func Load(recs []record, workers int, apply func(int) error) int {
	series := make(chan int)
	for i := 0; i < workers; i++ {
		go func() {
			for ref := range series {
				if err := apply(ref); err != nil {
					return
				}
			}
		}()
	}
	var index map[int]bool
	for _, r := range recs {
		if r.index {
			if index == nil {
				close(series)
				index = map[int]bool{}
			}
			index[r.ref] = true
			continue
		}
		series <- r.ref
	}
	if index == nil {
		close(series)
	}
	return len(index)
}
