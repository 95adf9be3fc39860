// Package orders serves the order history of a shop as newline-delimited JSON,
// streamed page by page from the store so that large exports start at once and
// use little memory.
package orders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strconv"
)

// Handler serves GET /orders?status=...&customer=...&limit=...
type Handler struct {
	store    Store
	pageSize int
	logger   *log.Logger
}

// Option configures a Handler.
type Option func(*Handler)

// WithPageSize sets how many orders are fetched from the store at a time.
func WithPageSize(n int) Option { return func(h *Handler) { h.pageSize = n } }

// WithLogger sets where errors after the response has started are logged.
func WithLogger(l *log.Logger) Option { return func(h *Handler) { h.logger = l } }

// NewHandler makes the handler.
func NewHandler(s Store, opts ...Option) *Handler {
	h := &Handler{store: s, pageSize: 500, logger: log.Default()}
	for _, o := range opts {
		o(h)
	}
	return h
}

type query struct {
	filter Filter
	limit  int // 0: no limit
}

var errBadQuery = errors.New("bad query")

func parseQuery(v url.Values) (query, error) {
	q := query{filter: Filter{Status: v.Get("status"), Customer: v.Get("customer")}}
	switch q.filter.Status {
	case "", "pending", "paid", "shipped", "cancelled":
	default:
		return q, fmt.Errorf("%w: unknown status %q", errBadQuery, q.filter.Status)
	}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return q, fmt.Errorf("%w: limit %q", errBadQuery, s)
		}
		q.limit = n
	}
	return q, nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()

	rows, errc := h.scan(ctx, q.filter)
	w.Header().Set("Content-Type", "application/x-ndjson")
	enc := json.NewEncoder(w)
	sent := 0
	for o := range rows {
		if err := enc.Encode(o); err != nil {
			h.logger.Printf("orders: write response: %v", err)
			return
		}
		sent++
		if sent == q.limit {
			return
		}
	}
	if err := <-errc; err != nil {
		// Too late for a status code: end the stream with an error line.
		h.logger.Printf("orders: scan after %d rows: %v", sent, err)
		enc.Encode(map[string]string{"error": "export interrupted"})
	}
}
