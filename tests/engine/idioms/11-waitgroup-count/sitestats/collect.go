package sitestats

import "sync"

// Collect polls every enabled site and returns the status per host.
func Collect(sites []Site) map[string]int {
	samples := make(chan sample)
	var wg sync.WaitGroup
	wg.Add(len(sites))
	for _, s := range sites {
		if !s.Enabled {
			continue
		}
		go func(s Site) {
			defer wg.Done()
			samples <- poll(s)
		}(s)
	}
	go func() {
		wg.Wait() // want "blocks forever"
		close(samples)
	}()
	statuses := map[string]int{}
	for smp := range samples { // want "blocks forever"
		statuses[smp.host] = smp.status
	}
	return statuses
}
