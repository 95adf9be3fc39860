package breach

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// RangeClient queries a k-anonymity range API: given the first five hex
// characters of a SHA-1 hash it returns the remaining 35 characters of every
// breached hash with that prefix, together with how often it was seen.
type RangeClient interface {
	Range(ctx context.Context, prefix string) (map[string]int, error)
}

// HTTPRangeClient implements RangeClient against an HTTP endpoint serving
// "SUFFIX:COUNT" lines at BaseURL + "/range/" + prefix.
type HTTPRangeClient struct {
	BaseURL string
	HTTP    *http.Client
}

// StatusError is returned for non-200 responses.
type StatusError struct{ Code int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("breach: range API returned HTTP %d", e.Code)
}

// Range implements RangeClient.
func (c *HTTPRangeClient) Range(ctx context.Context, prefix string) (map[string]int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(c.BaseURL, "/")+"/range/"+prefix, nil)
	if err != nil {
		return nil, fmt.Errorf("breach: build request: %w", err)
	}
	// Padding hides the true response size from on-path observers.
	req.Header.Set("Add-Padding", "true")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("breach: range %s: %w", prefix, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		return nil, &StatusError{Code: resp.StatusCode}
	}
	return parseRange(resp.Body)
}

func parseRange(r io.Reader) (map[string]int, error) {
	out := make(map[string]int)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		suffix, count, ok := strings.Cut(line, ":")
		if !ok || len(suffix) != 35 {
			return nil, fmt.Errorf("breach: malformed range line %q", line)
		}
		n, err := strconv.Atoi(count)
		if err != nil {
			return nil, fmt.Errorf("breach: malformed count in %q: %w", line, err)
		}
		if n > 0 { // padding entries carry a zero count
			out[strings.ToUpper(suffix)] = n
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("breach: read range response: %w", err)
	}
	return out, nil
}
