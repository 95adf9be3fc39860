package ssehub

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

var errEvicted = errors.New("subscription closed by hub")

// ServeHTTP streams events to the client until it disconnects, the hub
// closes, or the client falls too far behind.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	sub, err := h.subscribe(r.Header.Get("Last-Event-ID"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(sub)

	hdr := w.Header()
	hdr.Set("Content-Type", "text/event-stream")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("Connection", "keep-alive")
	hdr.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if h.retry > 0 {
		if _, err := fmt.Fprintf(w, "retry: %d\n\n", h.retry.Milliseconds()); err != nil {
			h.logf("ssehub: client %s: %v", r.RemoteAddr, err)
			return
		}
	}
	flusher.Flush()

	if err := h.stream(r.Context(), w, flusher, sub); err != nil {
		h.logf("ssehub: client %s: %v", r.RemoteAddr, err)
	}
}

// stream copies events from sub to w until ctx is done or an error occurs.
func (h *Hub) stream(ctx context.Context, w io.Writer, f http.Flusher, sub *subscription) error {
	var beat <-chan time.Time
	if h.heartbeat > 0 {
		t := time.NewTicker(h.heartbeat)
		defer t.Stop()
		beat = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-sub.out:
			if !ok {
				return errEvicted
			}
			if _, err := ev.WriteTo(w); err != nil {
				return fmt.Errorf("write event %s: %w", ev.ID, err)
			}
			f.Flush()
		case <-beat:
			if _, err := io.WriteString(w, ": keep-alive\n\n"); err != nil {
				return fmt.Errorf("write heartbeat: %w", err)
			}
			f.Flush()
		}
	}
}

func (h *Hub) logf(format string, args ...interface{}) {
	if h.logger != nil {
		h.logger.Printf(format, args...)
	}
}
