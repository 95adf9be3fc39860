package settings

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotExist is what a Backend returns for a missing file.
var ErrNotExist = errors.New("settings: file does not exist")

// The file is one "key = value" per line, sorted by key; # starts a comment.

func encode(values map[string]string) []byte {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("# written by the application; edit while it is not running\n")
	for _, k := range keys {
		fmt.Fprintf(&b, "%s = %s\n", k, values[k])
	}
	return b.Bytes()
}

func decode(data []byte) (map[string]string, error) {
	values := make(map[string]string)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fmt.Errorf("line %d: missing '='", n)
		}
		k = strings.TrimSpace(k)
		if !keyRE.MatchString(k) {
			return nil, fmt.Errorf("line %d: %w: %q", n, ErrBadKey, k)
		}
		values[k] = strings.TrimSpace(v)
	}
	return values, sc.Err()
}
