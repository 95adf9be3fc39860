package fixed_sitestats

import "sync"

// Collect polls every enabled site and returns the status per host.
func Collect(sites []Site) map[string]int {
	samples := make(chan sample)
	var wg sync.WaitGroup
	for _, s := range sites {
		if !s.Enabled {
			continue
		}
		wg.Add(1) // count the pollers started, not the sites
		go func(s Site) {
			defer wg.Done()
			samples <- poll(s)
		}(s)
	}
	go func() {
		wg.Wait()
		close(samples)
	}()
	statuses := map[string]int{}
	for smp := range samples {
		statuses[smp.host] = smp.status
	}
	return statuses
}
