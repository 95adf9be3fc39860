// Package hotreload loads a key/value configuration from a Source, reloads
// it whenever the source reports a change, and pushes every new version to
// subscribers.
package hotreload

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Source is where configuration is read from: a file, a key in a KV store,
// a config service.
type Source interface {
	// Read returns the current contents and an opaque revision that
	// changes whenever the contents do.
	Read(ctx context.Context) (data []byte, revision string, err error)
	// Changed returns a channel that receives a value when the source may
	// have changed. Spurious notifications are allowed.
	Changed() <-chan struct{}
}

// ErrInvalid is wrapped by errors about malformed configuration.
var ErrInvalid = errors.New("hotreload: invalid config")

// Config is one immutable version of the configuration.
type Config struct {
	Revision string
	LoadedAt time.Time
	values   map[string]string
}

// String returns the value for key, or def if it is not set.
func (c *Config) String(key, def string) string {
	if v, ok := c.values[key]; ok {
		return v
	}
	return def
}

// Int returns the value for key parsed as an int, or def if it is not set
// or not a number.
func (c *Config) Int(key string, def int) int {
	if v, ok := c.values[key]; ok {
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
	}
	return def
}

// Bool returns the value for key parsed as a bool, or def.
func (c *Config) Bool(key string, def bool) bool {
	if v, ok := c.values[key]; ok {
		if b, err := strconv.ParseBool(v); err == nil {
			return b
		}
	}
	return def
}

// parse reads "key = value" lines. Blank lines and lines starting with '#'
// are ignored; keys must be unique.
func parse(data []byte) (map[string]string, error) {
	values := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		k, v, ok := strings.Cut(text, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" {
			return nil, fmt.Errorf("%w: line %d: expected key = value", ErrInvalid, line)
		}
		if _, dup := values[k]; dup {
			return nil, fmt.Errorf("%w: line %d: duplicate key %q", ErrInvalid, line, k)
		}
		values[k] = v
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return values, nil
}
