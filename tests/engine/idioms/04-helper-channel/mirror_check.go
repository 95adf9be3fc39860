package mirror_check

import (
	"fmt"
	"time"
)

// run: _, _ = CheckAll([]string{"a", "bad", "c", "d"}, func(m string) (time.Duration, error) { if m == "bad" { return 0, errors.New("unreachable") }; return time.Millisecond, nil })

// Probe measures one mirror's latency.
type Probe func(mirror string) (time.Duration, error)

type probeResult struct {
	mirror  string
	latency time.Duration
	err     error
}

// probeAsync starts probing mirror and returns where the result will arrive.
func probeAsync(mirror string, probe Probe) <-chan probeResult {
	ch := make(chan probeResult)
	go func() {
		d, err := probe(mirror)
		ch <- probeResult{mirror, d, err} // want "blocks forever"
	}()
	return ch
}

// CheckAll probes every mirror at once and reports their latencies in order,
// failing on the first mirror that does not answer.
func CheckAll(mirrors []string, probe Probe) ([]time.Duration, error) {
	pending := make([]<-chan probeResult, len(mirrors))
	for i, m := range mirrors {
		pending[i] = probeAsync(m, probe)
	}
	latencies := make([]time.Duration, 0, len(mirrors))
	for _, ch := range pending {
		r := <-ch
		if r.err != nil {
			return nil, fmt.Errorf("mirror %s: %w", r.mirror, r.err)
		}
		latencies = append(latencies, r.latency)
	}
	return latencies, nil
}
