package doh

import (
	"encoding/base64"
	"io"
	"log"
	"net/http"
)

// Handler serves RFC 8484 queries (GET with ?dns= and POST) by forwarding
// them through a Resolver.
type Handler struct {
	Resolver *Resolver
	Logger   *log.Logger
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	query, status := readQuery(r)
	if status != http.StatusOK {
		http.Error(w, http.StatusText(status), status)
		return
	}
	msg, err := h.Resolver.Resolve(r.Context(), query)
	if err != nil {
		if h.Logger != nil {
			h.Logger.Printf("doh: %v", err)
		}
		http.Error(w, "upstream failure", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(msg)
}

// readQuery extracts the wire-format query from r and returns it with
// http.StatusOK, or returns the status to reply with.
func readQuery(r *http.Request) ([]byte, int) {
	var (
		query []byte
		err   error
	)
	switch r.Method {
	case http.MethodGet:
		query, err = base64.RawURLEncoding.DecodeString(r.URL.Query().Get("dns"))
	case http.MethodPost:
		if r.Header.Get("Content-Type") != mediaType {
			return nil, http.StatusUnsupportedMediaType
		}
		query, err = io.ReadAll(io.LimitReader(r.Body, maxMsgSize+1))
	default:
		return nil, http.StatusMethodNotAllowed
	}
	if err != nil || len(query) < headerLen || len(query) > maxMsgSize {
		return nil, http.StatusBadRequest
	}
	return query, http.StatusOK
}
