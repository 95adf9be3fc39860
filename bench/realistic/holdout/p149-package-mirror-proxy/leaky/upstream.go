package mirror

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// ErrNotFound is returned by an Upstream that does not know a module version.
var ErrNotFound = errors.New("mirror: module version not found upstream")

// ErrTooLarge is returned when an artifact exceeds Config.MaxArtifactSize.
var ErrTooLarge = errors.New("mirror: artifact exceeds size limit")

// Upstream fetches artifacts from the origin registry, writing the bytes of
// module@version to w. It returns the number of bytes written.
type Upstream interface {
	Fetch(ctx context.Context, module, version string, w io.Writer) (int64, error)
}

// HTTPUpstream is an Upstream speaking the GOPROXY protocol.
type HTTPUpstream struct {
	// BaseURL is the registry root, e.g. "https://proxy.golang.org".
	BaseURL string
	// Client is used for requests; nil means http.DefaultClient.
	Client *http.Client
	// UserAgent is sent with every request if non-empty.
	UserAgent string
}

// Fetch implements Upstream.
func (u *HTTPUpstream) Fetch(ctx context.Context, module, version string, w io.Writer) (int64, error) {
	key, err := cacheKey(module, version)
	if err != nil {
		return 0, err
	}
	endpoint := strings.TrimSuffix(u.BaseURL, "/") + "/" + (&url.URL{Path: key}).EscapedPath()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	if u.UserAgent != "" {
		req.Header.Set("User-Agent", u.UserAgent)
	}
	client := u.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("GET %s: %w", endpoint, err)
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return 0, fmt.Errorf("GET %s: %w", endpoint, ErrNotFound)
	case resp.StatusCode != http.StatusOK:
		return 0, fmt.Errorf("GET %s: unexpected status %s", endpoint, resp.Status)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("GET %s: copying body: %w", endpoint, err)
	}
	return n, nil
}

// limitWriter passes writes through to w until remaining bytes have been
// written and fails with ErrTooLarge afterwards.
type limitWriter struct {
	w         io.Writer
	remaining int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.remaining {
		return 0, ErrTooLarge
	}
	n, err := l.w.Write(p) // leak: pipe reader is abandoned when Cache.Put fails
	l.remaining -= int64(n)
	return n, err
}
