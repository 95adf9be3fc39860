// Package admission implements a validating admission webhook that defers its
// decisions to external policy engines.
package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"time"
)

// AdmissionReview is the envelope the API server posts and expects back.
type AdmissionReview struct {
	APIVersion string             `json:"apiVersion"`
	Kind       string             `json:"kind"`
	Request    *AdmissionRequest  `json:"request,omitempty"`
	Response   *AdmissionResponse `json:"response,omitempty"`
}

// AdmissionRequest describes the object being admitted.
type AdmissionRequest struct {
	UID       string          `json:"uid"`
	Kind      string          `json:"kind"`
	Namespace string          `json:"namespace"`
	Operation string          `json:"operation"`
	Object    json.RawMessage `json:"object"`
}

// AdmissionResponse is the webhook's verdict.
type AdmissionResponse struct {
	UID     string `json:"uid"`
	Allowed bool   `json:"allowed"`
	Message string `json:"message,omitempty"`
}

// FailurePolicy says what to do when a policy engine cannot be reached.
type FailurePolicy int

const (
	// Fail rejects the request when a policy engine is unavailable.
	Fail FailurePolicy = iota
	// Ignore skips an unavailable policy engine.
	Ignore
)

// Webhook evaluates every configured policy in order; the first denial wins.
type Webhook struct {
	policies []*PolicyClient
	failure  FailurePolicy
	timeout  time.Duration
	logf     func(format string, args ...any)
}

// Option configures a Webhook.
type Option func(*Webhook)

// WithFailurePolicy sets how unreachable policy engines are treated.
func WithFailurePolicy(p FailurePolicy) Option { return func(w *Webhook) { w.failure = p } }

// WithTimeout bounds the time spent on one admission review.
func WithTimeout(d time.Duration) Option { return func(w *Webhook) { w.timeout = d } }

// WithLogger replaces the default logger.
func WithLogger(logf func(string, ...any)) Option { return func(w *Webhook) { w.logf = logf } }

// New returns a webhook that consults the given policies.
func New(policies []*PolicyClient, opts ...Option) *Webhook {
	w := &Webhook{policies: policies, failure: Fail, timeout: 10 * time.Second, logf: log.Printf}
	for _, o := range opts {
		o(w)
	}
	return w
}

// ServeHTTP answers one AdmissionReview.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	var review AdmissionReview
	if err := json.NewDecoder(http.MaxBytesReader(rw, r.Body, 1<<20)).Decode(&review); err != nil || review.Request == nil {
		http.Error(rw, "malformed admission review", http.StatusBadRequest)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), w.timeout)
	defer cancel()

	out := AdmissionReview{APIVersion: review.APIVersion, Kind: review.Kind, Response: w.review(ctx, review.Request)}
	rw.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(rw).Encode(out); err != nil {
		w.logf("admission %s: write response: %v", review.Request.UID, err)
	}
}

func (w *Webhook) review(ctx context.Context, req *AdmissionRequest) *AdmissionResponse {
	for _, p := range w.policies {
		d, err := p.Evaluate(ctx, req)
		if err != nil {
			w.logf("admission %s: %v", req.UID, err)
			if w.failure == Ignore {
				continue
			}
			return &AdmissionResponse{UID: req.UID, Message: fmt.Sprintf("policy %q unavailable", p.Name())}
		}
		if !d.Allowed {
			return &AdmissionResponse{UID: req.UID, Message: fmt.Sprintf("denied by %s: %s", p.Name(), d.Reason)}
		}
	}
	return &AdmissionResponse{UID: req.UID, Allowed: true}
}
