package fixedqueueperiteminafreshmap

import "sync"

type Station struct{ Name string }

// relay forwards each station's readings on a goroutine of its own.
type relay struct {
	queues map[string]chan float64
	wg     sync.WaitGroup
}

// openRelay starts one forwarder per station, keyed by the station's name.
func openRelay(stations []Station) *relay {
	r := &relay{queues: make(map[string]chan float64, len(stations))}
	for _, st := range stations {
		q := make(chan float64, 4)
		r.queues[st.Name] = q
		r.wg.Add(1)
		go r.forward(q)
	}
	return r
}

func (r *relay) forward(q <-chan float64) {
	defer r.wg.Done()
	for range q {
	}
}

// shut closes every queue and waits for the forwarders.
func (r *relay) shut() {
	for _, q := range r.queues {
		close(q)
	}
	r.wg.Wait()
}

// Relay sends each reading to its station's forwarder.
func Relay(stations []Station, readings map[string]float64) {
	r := openRelay(stations)
	defer r.shut()
	for name, v := range readings {
		if q, ok := r.queues[name]; ok {
			q <- v
		}
	}
}
