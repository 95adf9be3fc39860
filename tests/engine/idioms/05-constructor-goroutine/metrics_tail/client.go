package metrics_tail

import (
	"encoding/json"
	"net"
	"sync"
)

// run: local, remote := net.Pipe(); t, _ := Tail(func() (net.Conn, error) { return local, nil }); t.Stop(); _ = remote

// Sample is one metric reading streamed by the collector.
type Sample struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Tailer follows the sample stream of one collector connection.
type Tailer struct {
	conn net.Conn
	dec  *json.Decoder

	mu      sync.Mutex
	latest  map[string]float64
	stopped bool
}

// Tail connects with dial and follows the stream until Stop.
func Tail(dial func() (net.Conn, error)) (*Tailer, error) {
	c, err := dial()
	if err != nil {
		return nil, err
	}
	t := &Tailer{conn: c, dec: json.NewDecoder(c), latest: make(map[string]float64)}
	go t.follow()
	return t, nil
}

// Latest returns the last value seen for name.
func (t *Tailer) Latest(name string) (float64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.latest[name]
	return v, ok
}
