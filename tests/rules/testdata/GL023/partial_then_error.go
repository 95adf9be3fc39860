package partialthenerror

// run: _ = Preview("huge.bin", 10, true)

// Chunk is what a read produced: the part read, then possibly the error that cut it.
type Chunk struct {
	Data []byte
	Err  error
}

func load(name string, limit int) <-chan Chunk {
	out := make(chan Chunk, 1)
	go func() {
		data := make([]byte, 2*limit)
		if len(data) > limit {
			out <- Chunk{Data: data[:limit]}
			out <- Chunk{Err: errTooLarge} // want "goroutine blocks forever sending on `out` \\(`chunks`\\): more values are sent on `chunks` than `Preview` receives and its buffer of 1 holds"
			return
		}
		out <- Chunk{Data: data}
	}()
	return out
}

type tooLarge struct{}

func (tooLarge) Error() string { return "too large" }

var errTooLarge error = tooLarge{}

// Preview returns the first chunk of name, or nothing when only its size is asked.
func Preview(name string, limit int, sizeOnly bool) []byte {
	chunks := load(name, limit)
	if sizeOnly {
		return nil
	}
	return (<-chunks).Data
}
