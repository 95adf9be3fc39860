// Package upload accepts resumable video uploads in numbered chunks and
// assembles them into a single object once the client says it is done.
//
// Routes, relative to where the handler is mounted:
//
//	PUT  /{upload}/chunks/{n}   store chunk n (0-based) of the upload
//	POST /{upload}/complete     assemble the chunks, answer with the SHA-256
package upload

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// MaxChunkSize is the largest chunk a client may send.
const MaxChunkSize = 8 << 20

var uploadID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Handler serves the upload routes. Chunks are kept under Dir until the upload
// is assembled into Sink.
type Handler struct {
	Dir  string
	Sink Sink
}

// NewHandler returns a handler that stages chunks in dir.
func NewHandler(dir string, sink Sink) *Handler {
	return &Handler{Dir: dir, Sink: sink}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) < 2 || !uploadID.MatchString(parts[0]) {
		http.NotFound(w, r)
		return
	}
	id := parts[0]
	switch {
	case len(parts) == 3 && parts[1] == "chunks" && r.Method == http.MethodPut:
		n, err := strconv.Atoi(parts[2])
		if err != nil || n < 0 {
			http.Error(w, "bad chunk number", http.StatusBadRequest)
			return
		}
		h.putChunk(w, r, id, n)
	case len(parts) == 2 && parts[1] == "complete" && r.Method == http.MethodPost:
		h.complete(w, r, id)
	default:
		http.Error(w, "no such route", http.StatusNotFound)
	}
}

func (h *Handler) putChunk(w http.ResponseWriter, r *http.Request, id string, n int) {
	dir := filepath.Join(h.Dir, id)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	tmp, err := os.CreateTemp(dir, ".chunk-*")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer os.Remove(tmp.Name())
	_, err = io.Copy(tmp, http.MaxBytesReader(w, r.Body, MaxChunkSize))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), chunkPath(dir, n))
	}
	if err != nil {
		http.Error(w, fmt.Sprintf("store chunk %d: %v", n, err), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type completeRequest struct {
	Chunks int `json:"chunks"`
}

type completeResponse struct {
	Key    string `json:"key"`
	SHA256 string `json:"sha256"`
}

func (h *Handler) complete(w http.ResponseWriter, r *http.Request, id string) {
	var req completeRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Chunks <= 0 {
		http.Error(w, "body must be {\"chunks\": N} with N > 0", http.StatusBadRequest)
		return
	}
	sum, err := Assemble(r.Context(), filepath.Join(h.Dir, id), req.Chunks, h.Sink, id+".mp4")
	switch {
	case errors.Is(err, os.ErrNotExist):
		http.Error(w, err.Error(), http.StatusConflict)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(completeResponse{Key: id + ".mp4", SHA256: sum})
}
