package ledger

import (
	"encoding/json"
	"errors"
	"net/http"
)

// ImportHandler accepts a CSV batch of postings by POST and commits it.
type ImportHandler struct {
	Ledger   *Ledger
	Currency string
	MaxBytes int64
}

type importResult struct {
	Imported   int    `json:"imported"`
	Duplicates int    `json:"duplicates"`
	Error      string `json:"error,omitempty"`
}

func (h *ImportHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, importResult{Error: "use POST"})
		return
	}
	limit := h.MaxBytes
	if limit <= 0 {
		limit = 10 << 20
	}
	postings, err := parseCSV(http.MaxBytesReader(w, r.Body, limit), h.Currency)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, importResult{Error: err.Error()})
		return
	}
	postings, dups, err := dedupe(postings)
	if err != nil {
		writeJSON(w, http.StatusUnprocessableEntity, importResult{Error: err.Error()})
		return
	}

	body := encodePostings(postings)
	defer body.Close()
	n, err := h.Ledger.Apply(r.Context(), body)
	switch {
	case errors.Is(err, ErrInsufficientFunds), errors.Is(err, ErrAlreadyBooked):
		writeJSON(w, http.StatusConflict, importResult{Duplicates: dups, Error: err.Error()})
		return
	case err != nil:
		writeJSON(w, http.StatusInternalServerError, importResult{Error: err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, importResult{Imported: n, Duplicates: dups})
}

func writeJSON(w http.ResponseWriter, code int, v interface{}) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
