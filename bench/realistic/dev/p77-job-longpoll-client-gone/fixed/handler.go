package jobstatus

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Handler serves GET /jobs/{id}?after=N[&wait=30s] as a long poll: it answers
// as soon as the job has a version newer than N. With wait, it gives up after
// that long with 304 Not Modified; without it, it waits as long as it takes.
type Handler struct {
	board   *Board
	maxWait time.Duration
}

// NewHandler returns a long-poll handler over b.
func NewHandler(b *Board) *Handler {
	return &Handler{board: b, maxWait: 2 * time.Minute}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	id := strings.TrimPrefix(r.URL.Path, "/jobs/")
	if id == "" || strings.Contains(id, "/") {
		http.NotFound(w, r)
		return
	}
	if _, ok := h.board.Get(id); !ok {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	after, err := strconv.Atoi(q.Get("after"))
	if err != nil && q.Get("after") != "" {
		http.Error(w, "bad after", http.StatusBadRequest)
		return
	}

	var timeout <-chan time.Time
	if s := q.Get("wait"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			http.Error(w, "bad wait", http.StatusBadRequest)
			return
		}
		if d > h.maxWait {
			d = h.maxWait
		}
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}

	updates, cancel := h.board.Watch(id, after)
	defer cancel()

	select {
	case j := <-updates:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(j)
	case <-timeout:
		w.WriteHeader(http.StatusNotModified)
	case <-r.Context().Done():
	}
}
