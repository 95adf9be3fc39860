package stoppedelsewhere

import "errors"

// run: _ = Run([]string{"a", ""})

// Run lists the files with a printer from the other file of the package, and returns
// on an empty name before stopping it: this file has no channel or `go` of its own.
func Run(files []string) error {
	p := startPrinter() // want "goroutine `loop` blocks forever receiving from `p.stop` when `Run` returns at line 13 without closing `p.stop`"
	for _, f := range files {
		if f == "" {
			return errors.New("empty file name")
		}
		p.Add(f)
	}
	p.Stop()
	return nil
}
