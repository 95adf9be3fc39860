package fixed_batchwriter

// run: _ = NewWriter(time.Millisecond).Flush([]string{"a", "b", "c", "d"})

const (
	flushWorkers = 4
	// Every worker can leave its result even when Flush gave up waiting.
	resultSlots = flushWorkers
)
