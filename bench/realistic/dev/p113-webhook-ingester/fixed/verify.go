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

// SignatureHeader carries "t=<unix seconds>,v1=<hex hmac>".
const SignatureHeader = "Payment-Signature"

// ErrBadSignature means the header is missing, malformed, too old or does not match.
var ErrBadSignature = errors.New("webhook: bad signature")

// Sign returns the header value a provider would send for body at time ts.
func Sign(secret, body []byte, ts time.Time) string {
	return fmt.Sprintf("t=%d,v1=%s", ts.Unix(), mac(secret, ts.Unix(), body))
}

func mac(secret []byte, ts int64, body []byte) string {
	h := hmac.New(sha256.New, secret)
	fmt.Fprintf(h, "%d.", ts)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func (in *Ingester) verify(header string, body []byte) error {
	var ts int64
	var sigs []string
	for _, field := range strings.Split(header, ",") {
		switch k, v, _ := strings.Cut(strings.TrimSpace(field), "="); k {
		case "t":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fmt.Errorf("%w: timestamp %q: %v", ErrBadSignature, v, err)
			}
			ts = n
		case "v1":
			sigs = append(sigs, v)
		}
	}
	if ts == 0 || len(sigs) == 0 {
		return fmt.Errorf("%w: missing t or v1", ErrBadSignature)
	}
	if age := in.now().Sub(time.Unix(ts, 0)); age > in.tolerance || age < -in.tolerance {
		return fmt.Errorf("%w: signed %s ago", ErrBadSignature, age.Round(time.Second))
	}
	want := mac(in.secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(s), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}
