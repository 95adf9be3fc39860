package fresh

// The package closes the output channel the caller hands it in the options: it takes
// the field as required (closing a nil channel panics), so every caller sets it.
type ReadM3Options struct {
	Stream       bool
	EventChannel chan string
}

func ReadM3(options ReadM3Options, next func() (string, error)) {
	go func() {
		defer close(options.EventChannel)
		for {
			e, err := next()
			if err != nil {
				options.EventChannel <- "error: " + err.Error()
				return
			}
			options.EventChannel <- e
		}
	}()
}
