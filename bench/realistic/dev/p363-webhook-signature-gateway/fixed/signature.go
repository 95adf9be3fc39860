// Package webhook implements an inbound webhook gateway: it authenticates
// deliveries from a provider by their HMAC signature, drops duplicates and
// forwards each event to the handler registered for its type, retrying
// transient failures.
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

// SignatureHeader carries "t=<unix seconds>,v1=<hex hmac>[,v1=...]". The
// signed payload is "<t>.<body>". Several v1 entries may be present while the
// provider rotates secrets.
const SignatureHeader = "Webhook-Signature"

var (
	// ErrBadSignature means no v1 signature matched any configured secret.
	ErrBadSignature = errors.New("webhook: signature mismatch")
	// ErrStaleTimestamp means the signed timestamp is outside the tolerance.
	ErrStaleTimestamp = errors.New("webhook: timestamp outside tolerance")
	// ErrMalformedHeader means the signature header could not be parsed.
	ErrMalformedHeader = errors.New("webhook: malformed signature header")
)

// Verifier checks delivery signatures against one or more shared secrets.
type Verifier struct {
	secrets   [][]byte
	tolerance time.Duration
	now       func() time.Time
}

// NewVerifier returns a Verifier accepting signatures made with any of
// secrets and timestamps within tolerance of now().
func NewVerifier(secrets []string, tolerance time.Duration, now func() time.Time) *Verifier {
	v := &Verifier{tolerance: tolerance, now: now}
	for _, s := range secrets {
		v.secrets = append(v.secrets, []byte(s))
	}
	return v
}

// Sign returns a header value for body signed with secret at ts. It is used
// by tests and by tooling that replays deliveries.
func Sign(secret string, ts time.Time, body []byte) string {
	return fmt.Sprintf("t=%d,v1=%s", ts.Unix(), hex.EncodeToString(mac([]byte(secret), ts.Unix(), body)))
}

func mac(secret []byte, ts int64, body []byte) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte(strconv.FormatInt(ts, 10)))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

// Verify checks header against body.
func (v *Verifier) Verify(header string, body []byte) error {
	var ts int64
	var sigs [][]byte
	for _, part := range strings.Split(header, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return ErrMalformedHeader
		}
		switch k {
		case "t":
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return fmt.Errorf("%w: timestamp: %v", ErrMalformedHeader, err)
			}
			ts = n
		case "v1":
			b, err := hex.DecodeString(val)
			if err != nil {
				return fmt.Errorf("%w: v1: %v", ErrMalformedHeader, err)
			}
			sigs = append(sigs, b)
		}
	}
	if ts == 0 || len(sigs) == 0 {
		return ErrMalformedHeader
	}
	if d := v.now().Sub(time.Unix(ts, 0)); d > v.tolerance || d < -v.tolerance {
		return ErrStaleTimestamp
	}
	for _, secret := range v.secrets {
		want := mac(secret, ts, body)
		for _, s := range sigs {
			if hmac.Equal(s, want) {
				return nil
			}
		}
	}
	return ErrBadSignature
}
