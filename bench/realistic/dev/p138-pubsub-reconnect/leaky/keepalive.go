package pubsub

import (
	"context"
	"time"
)

// maxMissedPings is how many pings in a row may fail before the session is
// considered dead.
const maxMissedPings = 3

// keepalive pings conn every interval until stop is closed. When too many
// pings fail it closes conn, which makes the reader's Recv fail and start a
// reconnect.
func keepalive(conn Conn, interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	missed := 0
	for {
		select { // leak: after a reconnect nobody closes this session's stop channel, so the loop ticks forever
		case <-stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), interval)
		err := conn.Ping(ctx)
		cancel()
		if err == nil {
			missed = 0
			continue
		}
		missed++
		if missed == maxMissedPings {
			conn.Close()
		}
	}
}
