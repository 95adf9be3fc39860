package batchwriter

// run: _ = NewWriter(time.Millisecond).Flush([]string{"a", "b", "c", "d"})

const (
	flushWorkers = 4
	resultSlots  = flushWorkers / 2
)
