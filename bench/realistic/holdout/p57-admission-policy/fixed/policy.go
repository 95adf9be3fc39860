package admission

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Doer sends HTTP requests; *http.Client and *Breaker satisfy it.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Decision is a policy engine's answer.
type Decision struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason,omitempty"`
}

// PolicyClient talks to one external policy engine.
type PolicyClient struct {
	name     string
	endpoint string
	client   Doer
}

// NewPolicyClient returns a client for the engine at endpoint.
func NewPolicyClient(name, endpoint string, client Doer) *PolicyClient {
	return &PolicyClient{name: name, endpoint: endpoint, client: client}
}

// Name identifies the policy in responses and logs.
func (p *PolicyClient) Name() string { return p.name }

type evalInput struct {
	Operation string          `json:"operation"`
	Namespace string          `json:"namespace"`
	Kind      string          `json:"kind"`
	Object    json.RawMessage `json:"object"`
}

// Evaluate asks the engine whether req may be admitted. The object is
// streamed to the engine rather than buffered, since some objects are large.
func (p *PolicyClient) Evaluate(ctx context.Context, req *AdmissionRequest) (Decision, error) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		in := evalInput{Operation: req.Operation, Namespace: req.Namespace, Kind: req.Kind, Object: req.Object}
		pw.CloseWithError(json.NewEncoder(pw).Encode(in))
	}()

	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, p.endpoint, pr)
	if err != nil {
		return Decision{}, fmt.Errorf("policy %s: build request: %w", p.name, err)
	}
	hreq.Header.Set("Content-Type", "application/json")

	resp, err := p.client.Do(hreq)
	if err != nil {
		return Decision{}, fmt.Errorf("policy %s: %w", p.name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Decision{}, fmt.Errorf("policy %s: unexpected status %s", p.name, resp.Status)
	}
	var d Decision
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<10)).Decode(&d); err != nil {
		return Decision{}, fmt.Errorf("policy %s: decode decision: %w", p.name, err)
	}
	return d, nil
}
