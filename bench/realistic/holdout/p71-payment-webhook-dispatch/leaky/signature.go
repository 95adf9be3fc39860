package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries the timestamped HMAC of a delivery.
const SignatureHeader = "Payment-Signature"

// ErrInvalidSignature is returned by Verify when a header does not match.
var ErrInvalidSignature = errors.New("webhook: invalid signature")

// Sign returns the SignatureHeader value for body sent at ts, in the form
// "t=<unix seconds>,v1=<hex hmac-sha256 of "<t>.<body>">".
func Sign(secret string, ts time.Time, body []byte) string {
	t := strconv.FormatInt(ts.Unix(), 10)
	return "t=" + t + ",v1=" + mac(secret, t, body)
}

// Verify checks a SignatureHeader value on the receiving side. Deliveries
// whose timestamp is further than tolerance from now are rejected to limit
// replays.
func Verify(header, secret string, body []byte, now time.Time, tolerance time.Duration) error {
	var t, v1 string
	for _, part := range strings.Split(header, ",") {
		k, v, ok := strings.Cut(part, "=")
		if !ok {
			continue
		}
		switch k {
		case "t":
			t = v
		case "v1":
			v1 = v
		}
	}
	if t == "" || v1 == "" {
		return fmt.Errorf("%w: malformed header", ErrInvalidSignature)
	}
	sec, err := strconv.ParseInt(t, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: bad timestamp: %v", ErrInvalidSignature, err)
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return fmt.Errorf("%w: timestamp outside tolerance", ErrInvalidSignature)
	}
	if !hmac.Equal([]byte(v1), []byte(mac(secret, t, body))) {
		return ErrInvalidSignature
	}
	return nil
}

func mac(secret, t string, body []byte) string {
	h := hmac.New(sha256.New, []byte(secret))
	h.Write([]byte(t))
	h.Write([]byte{'.'})
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}
