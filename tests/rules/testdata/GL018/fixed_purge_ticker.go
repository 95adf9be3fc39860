package main

import (
	"log"
	"net/http"
	"time"
)

var purged int

// Only `main` calls setPurgeTicker, once: its ticker and loop are the server's for as
// long as it runs (RUN_ONCE_BY_MAIN).
func setPurgeTicker(every time.Duration) {
	ticker := time.NewTicker(every)
	go func() {
		for range ticker.C {
			purged++
		}
	}()
}

func main() {
	setPurgeTicker(time.Minute)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
