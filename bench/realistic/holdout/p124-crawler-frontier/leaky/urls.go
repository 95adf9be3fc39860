package frontier

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
)

// ErrUnsupportedScheme is returned for URLs that are not http or https.
var ErrUnsupportedScheme = errors.New("frontier: unsupported scheme")

// normalize parses raw and returns its canonical form: lower-case scheme and
// host, default ports removed, fragment dropped and a non-empty, cleaned
// path. Two URLs that normalize to the same string are the same page.
func normalize(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", raw, err)
	}
	return canonical(u)
}

// resolve resolves a link found on base and normalizes the result.
func resolve(base *url.URL, link string) (*url.URL, error) {
	ref, err := url.Parse(strings.TrimSpace(link))
	if err != nil {
		return nil, fmt.Errorf("parse link %q: %w", link, err)
	}
	return canonical(base.ResolveReference(ref))
}

func canonical(u *url.URL) (*url.URL, error) {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	if c.Scheme != "http" && c.Scheme != "https" {
		return nil, fmt.Errorf("%s: %w", u, ErrUnsupportedScheme)
	}
	host := strings.ToLower(c.Hostname())
	if host == "" {
		return nil, fmt.Errorf("%s: missing host", u)
	}
	port := c.Port()
	if (c.Scheme == "http" && port == "80") || (c.Scheme == "https" && port == "443") {
		port = ""
	}
	c.Host = host
	if port != "" {
		c.Host = host + ":" + port
	}
	c.Fragment = ""
	c.RawFragment = ""
	c.User = nil
	if c.Path == "" {
		c.Path = "/"
	} else {
		trailing := strings.HasSuffix(c.Path, "/")
		c.Path = path.Clean(c.Path)
		if trailing && c.Path != "/" {
			c.Path += "/"
		}
	}
	c.RawPath = ""
	return &c, nil
}

// hostKey is the politeness unit: scheme-independent host and port.
func hostKey(u *url.URL) string {
	return u.Host
}
