package inventory

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

// Handler serves the reservation API:
//
//	POST   /holds              {"sku","qty","customer","backorder"}
//	POST   /holds/{id}/commit
//	DELETE /holds/{id}
type Handler struct {
	store  *Store
	notify Notifier
	seq    atomic.Int64
}

// NewHandler returns a handler for store that reports filled backorders to n.
func NewHandler(store *Store, n Notifier) *Handler {
	return &Handler{store: store, notify: n}
}

type holdRequest struct {
	SKU       string `json:"sku"`
	Qty       int    `json:"qty"`
	Customer  string `json:"customer"`
	Backorder bool   `json:"backorder"`
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	path := strings.Trim(r.URL.Path, "/")
	parts := strings.Split(path, "/")
	switch {
	case r.Method == http.MethodPost && path == "holds":
		h.createHold(w, r)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "holds" && parts[2] == "commit":
		h.finish(w, h.store.Commit(parts[1]))
	case r.Method == http.MethodDelete && len(parts) == 2 && parts[0] == "holds":
		h.finish(w, h.store.Release(parts[1]))
	default:
		http.NotFound(w, r)
	}
}

func (h *Handler) createHold(w http.ResponseWriter, r *http.Request) {
	var req holdRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.SKU == "" || req.Qty <= 0 {
		http.Error(w, "want a sku and a positive qty", http.StatusBadRequest)
		return
	}
	hold, err := h.store.Reserve(req.SKU, req.Qty)
	switch {
	case err == nil:
		writeJSON(w, http.StatusCreated, hold)
	case errors.Is(err, ErrInsufficientStock) && req.Backorder:
		b := Backorder{ID: fmt.Sprintf("b-%d", h.seq.Add(1)), Customer: req.Customer, SKU: req.SKU, Qty: req.Qty}
		h.store.PlaceBackorder(b, h.notify)
		writeJSON(w, http.StatusAccepted, b)
	default:
		http.Error(w, err.Error(), http.StatusConflict)
	}
}

func (h *Handler) finish(w http.ResponseWriter, err error) {
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func writeJSON(w http.ResponseWriter, status int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
