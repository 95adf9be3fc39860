package fixed_rate_convert

import "time"

// run: _ = Convert(100, "EUR", "JPY", time.Millisecond)

func lookupRate(from, to string, rates chan<- float64) {
	time.Sleep(10 * time.Millisecond) // the rates service is far away
	rate := 1.0
	if from != to {
		rate = 161.5
	}
	rates <- rate
}

// Convert prices amount in another currency, falling back to the last known rate when the
// live rate is late.
func Convert(amount float64, from, to string, wait time.Duration) float64 {
	rates := make(chan float64, 1) // a late rate is dropped, not waited for
	converted := make(chan float64, 1)
	go lookupRate(from, to, rates)
	go func() {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case r := <-rates:
			converted <- amount * r
		case <-timer.C:
			converted <- amount * lastKnownRate
		}
	}()
	return <-converted
}

const lastKnownRate = 160.0
