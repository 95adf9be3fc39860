// run is called once, by main, which ends the process when it returns: the metrics
// goroutine waiting for the agent to be ready can wait no longer than the process
// (RUN_ONCE_BY_MAIN), even on the start-up error on which serve never says ready.
package main

import (
	"errors"
	"log"
	"os"
)

func serveMetrics() {}

func serve(args []string, ready chan<- bool) error {
	if len(args) == 0 {
		return errors.New("nothing to serve")
	}
	ready <- true
	return nil
}

func run(args []string) error {
	ready := make(chan bool, 1)
	go func() {
		<-ready
		serveMetrics()
	}()
	return serve(args, ready)
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}
