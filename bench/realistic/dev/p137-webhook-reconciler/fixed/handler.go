package reconcile

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// SignatureHeader carries the hex HMAC-SHA256 of the request body.
const SignatureHeader = "X-Payment-Signature"

const maxBody = 64 << 10

// Handler is the HTTP endpoint the payment provider posts events to.
type Handler struct {
	rec     *Reconciler
	secret  []byte
	timeout time.Duration
}

// NewHandler returns a webhook handler that waits up to timeout for each
// event to be reconciled before acknowledging it.
func NewHandler(rec *Reconciler, secret []byte, timeout time.Duration) *Handler {
	return &Handler{rec: rec, secret: secret, timeout: timeout}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(io.LimitReader(req.Body, maxBody))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	if !h.validSignature(body, req.Header.Get(SignatureHeader)) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID == "" || ev.OrderRef == "" {
		http.Error(w, "malformed event", http.StatusBadRequest)
		return
	}

	ctx, cancel := context.WithTimeout(req.Context(), h.timeout)
	defer cancel()
	err = h.rec.Submit(ctx, ev)
	switch {
	case err == nil:
		w.WriteHeader(http.StatusOK)
	case errors.Is(err, context.DeadlineExceeded):
		// Still being reconciled; acknowledge so the provider does not redeliver.
		w.WriteHeader(http.StatusAccepted)
	case errors.Is(err, ErrMismatch):
		http.Error(w, err.Error(), http.StatusConflict)
	case errors.Is(err, ErrClosed):
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
	default:
		http.Error(w, "reconciliation failed", http.StatusInternalServerError)
	}
}

func (h *Handler) validSignature(body []byte, sig string) bool {
	want, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, h.secret)
	mac.Write(body)
	return hmac.Equal(mac.Sum(nil), want)
}
