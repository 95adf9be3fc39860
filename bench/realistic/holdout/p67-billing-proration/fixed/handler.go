package proration

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// Handler serves POST requests with a Change as JSON body and answers with the
// Quote.
type Handler struct {
	Calc    *Calculator
	Timeout time.Duration
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var ch Change
	if err := json.NewDecoder(r.Body).Decode(&ch); err != nil {
		http.Error(w, "bad request: "+err.Error(), http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), h.Timeout)
	defer cancel()

	q, err := h.Calc.Quote(ctx, ch)
	switch {
	case errors.Is(err, ErrBadPeriod):
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	case err != nil:
		http.Error(w, "pricing unavailable: "+err.Error(), http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(q)
}
