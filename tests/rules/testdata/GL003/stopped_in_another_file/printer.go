package stoppedelsewhere

import "fmt"

// printer prints a running count of the files it is told about until stopped.
type printer struct {
	files chan string
	stop  chan struct{}
}

func startPrinter() *printer {
	p := &printer{files: make(chan string), stop: make(chan struct{})}
	go p.loop()
	return p
}

func (p *printer) loop() {
	n := 0
	for {
		select {
		case f := <-p.files:
			n++
			fmt.Println(n, f)
		case <-p.stop:
			return
		}
	}
}

// Add counts one file, or gives up once the printer is stopped.
func (p *printer) Add(f string) {
	select {
	case p.files <- f:
	case <-p.stop:
	}
}

// Stop ends the printer.
func (p *printer) Stop() { close(p.stop) }
