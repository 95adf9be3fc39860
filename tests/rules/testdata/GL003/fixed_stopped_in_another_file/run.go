package stoppedelsewhere

import "errors"

// Run lists the files with a printer from the other file of the package, and stops it
// on every way out.
func Run(files []string) error {
	p := startPrinter()
	defer p.Stop()
	for _, f := range files {
		if f == "" {
			return errors.New("empty file name")
		}
		p.Add(f)
	}
	return nil
}
