// main runs the agent again after each failure: every start-up error on which serve
// never says ready leaves one more metrics goroutine waiting for good.
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
		<-ready // want "blocks forever receiving from `ready`"
		serveMetrics()
	}()
	return serve(args, ready)
}

func main() {
	for {
		if err := run(os.Args[1:]); err != nil {
			log.Print(err)
		}
	}
}
