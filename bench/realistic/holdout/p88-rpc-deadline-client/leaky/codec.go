package rpcclient

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Codec marshals request arguments and unmarshals replies.
type Codec interface {
	ContentType() string
	Encode(w io.Writer, v interface{}) error
	Decode(r io.Reader, v interface{}) error
}

// JSONCodec encodes messages as JSON.
type JSONCodec struct{}

// ContentType implements Codec.
func (JSONCodec) ContentType() string { return "application/json" }

// Encode implements Codec.
func (JSONCodec) Encode(w io.Writer, v interface{}) error {
	if err := json.NewEncoder(w).Encode(v); err != nil {
		return fmt.Errorf("json encode: %w", err)
	}
	return nil
}

// Decode implements Codec.
func (JSONCodec) Decode(r io.Reader, v interface{}) error {
	if err := json.NewDecoder(r).Decode(v); err != nil {
		return fmt.Errorf("json decode: %w", err)
	}
	return nil
}

// Header names set on every request.
const (
	HeaderContentType = "Content-Type"
	HeaderTimeout     = "Rpc-Timeout"
	HeaderAttempt     = "Rpc-Attempt"
	HeaderHedged      = "Rpc-Hedged"
)

// formatTimeout renders d the way servers expect the Rpc-Timeout header:
// an integer followed by a unit, using the coarsest unit that loses no more
// than a millisecond and always rounding down so the server never believes
// it has more time than the caller.
func formatTimeout(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour < time.Millisecond:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "H"
	case d >= time.Second && d%time.Second < time.Millisecond:
		return strconv.FormatInt(int64(d/time.Second), 10) + "S"
	default:
		return strconv.FormatInt(int64(d/time.Millisecond), 10) + "m"
	}
}

// ParseTimeout is the inverse of the header encoding, for servers and tests.
func ParseTimeout(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("rpc timeout %q: too short", s)
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("rpc timeout %q: bad value", s)
	}
	switch s[len(s)-1] {
	case 'H':
		return time.Duration(n) * time.Hour, nil
	case 'S':
		return time.Duration(n) * time.Second, nil
	case 'm':
		return time.Duration(n) * time.Millisecond, nil
	default:
		return 0, fmt.Errorf("rpc timeout %q: unknown unit", s)
	}
}
