package main

import (
	"log"
	"time"
)

func beatK1(every time.Duration) {
	for {
		time.Sleep(every)
		log.Print("beat")
	}
}

// A demo's main parks on a channel it made for nothing else, the way `select {}`
// does, so that its goroutines run until the process is killed (PARKED_ON_PURPOSE).
func main() {
	park := make(chan struct{})
	go beatK1(time.Second)
	<-park
}
