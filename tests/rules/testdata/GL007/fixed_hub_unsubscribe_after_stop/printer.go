package pubsub

import (
	"fmt"
	"io"
)

// Print writes the topic's events until its subscription ends: when the hub stops,
// its channel is closed and the deferred Unsubscribe sends to a loop that returned.
func Print(h *Hub, topic string, w io.Writer) {
	s := h.Subscribe(topic)
	defer h.Unsubscribe(s)
	for ev := range s.C {
		fmt.Fprintln(w, ev)
	}
}
