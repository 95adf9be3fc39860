package main

import (
	"log"
	"net/http"
	"time"
)

var swept int

// The handler calls setSweepTicker too: every request starts one more ticker and loop
// that nothing stops.
func setSweepTicker(every time.Duration) {
	ticker := time.NewTicker(every) // want "ticker `ticker` is never stopped"
	go func() {
		for range ticker.C {
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
