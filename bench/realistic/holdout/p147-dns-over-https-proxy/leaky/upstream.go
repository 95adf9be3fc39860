package dohproxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Exchanger sends a wire-format query to a DoH endpoint and returns the
// wire-format response.
type Exchanger interface {
	Exchange(ctx context.Context, endpoint string, query []byte) ([]byte, error)
}

// HTTPExchanger speaks RFC 8484 over a shared, keep-alive HTTP client so
// that connections to each upstream are reused across queries.
type HTTPExchanger struct {
	Client *http.Client
}

// NewHTTPExchanger returns an exchanger with a transport tuned for a small
// number of busy upstreams.
func NewHTTPExchanger() *HTTPExchanger {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	tr.IdleConnTimeout = 90 * time.Second
	tr.ForceAttemptHTTP2 = true
	return &HTTPExchanger{Client: &http.Client{Transport: tr, Timeout: 5 * time.Second}}
}

// Exchange implements Exchanger.
func (h *HTTPExchanger) Exchange(ctx context.Context, endpoint string, query []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(query))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", dnsMessage)
	req.Header.Set("Accept", dnsMessage)
	resp, err := h.Client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxMessage))
	// Drain what is left so the connection goes back to the pool.
	_, _ = io.Copy(io.Discard, resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("upstream status %s", resp.Status)
	}
	return body, err
}

// CloseIdleConnections closes pooled connections.
func (h *HTTPExchanger) CloseIdleConnections() { h.Client.CloseIdleConnections() }

// Clock abstracts time for cache expiry.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// probeQuery asks for the root NS set; every resolver can answer it.
var probeQuery = []byte{0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1}

// upstream is one DoH endpoint together with its health state.
type upstream struct {
	endpoint string

	mu       sync.Mutex
	failures int
	healthy  bool

	quit     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

func newUpstream(endpoint string) *upstream {
	return &upstream{
		endpoint: endpoint,
		healthy:  true,
		quit:     make(chan struct{}),
		done:     make(chan struct{}),
	}
}

func (u *upstream) isHealthy() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.healthy
}

// maxFailures consecutive failures take an upstream out of rotation until
// its next successful query or probe.
const maxFailures = 3

// record updates health after a query or probe.
func (u *upstream) record(err error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if err == nil {
		u.failures, u.healthy = 0, true
		return
	}
	u.failures++
	if u.failures >= maxFailures {
		u.healthy = false
	}
}

// probe periodically checks the upstream until stop is called.
func (u *upstream) probe(ex Exchanger, interval, timeout time.Duration) {
	defer close(u.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select { // leak: probe loop of an upstream dropped by SetUpstreams is never stopped
		case <-u.quit:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			_, err := ex.Exchange(ctx, u.endpoint, probeQuery)
			cancel()
			u.record(err)
		}
	}
}

// stop ends the probe loop and waits for it.
func (u *upstream) stop() {
	u.stopOnce.Do(func() { close(u.quit) })
	<-u.done
}
