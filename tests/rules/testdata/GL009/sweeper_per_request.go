package main

import (
	"log"
	"net/http"
	"time"
)

var swept int

// The handler calls setSweepTicker too: every request starts one more ticker and loop
// that nothing stops (REPEATED_START). Stopping the ticker when setSweepTicker returns
// would not help: the loop would wait on its channel for good.
func setSweepTicker(every time.Duration) {
	ticker := time.NewTicker(every)
	go func() {
		for range ticker.C { // want "ranges over `ticker.C`, which is never closed .*; each call of `setSweepTicker` starts one more"
			swept++
		}
	}()
}

func main() {
	setSweepTicker(time.Minute)
	http.HandleFunc("/sweep", func(w http.ResponseWriter, r *http.Request) {
		setSweepTicker(time.Second)
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
