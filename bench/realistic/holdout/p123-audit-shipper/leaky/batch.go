package auditship

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Entry is one audit record read from a local journal.
type Entry struct {
	Seq      uint64            `json:"seq"`
	Time     time.Time         `json:"time"`
	Actor    string            `json:"actor"`
	Action   string            `json:"action"`
	Resource string            `json:"resource"`
	Fields   map[string]string `json:"fields,omitempty"`
}

// Batch is a signed, contiguous run of journal entries ready for upload.
// Each batch's signature covers the previous batch's signature so that the
// collector can detect dropped or reordered batches.
type Batch struct {
	Host      string
	KeyID     string
	FirstSeq  uint64
	LastSeq   uint64
	Payload   []byte // newline-delimited JSON entries
	Prev      string // hex signature of the previous batch
	Signature string // hex HMAC-SHA256
}

// Signer signs batches with a shared HMAC key and chains them together.
type Signer struct {
	host  string
	keyID string
	key   []byte
	prev  string
}

// NewSigner returns a Signer for batches from host. prev is the signature of
// the last batch the collector acknowledged, or "" for a new chain.
func NewSigner(host, keyID string, key []byte, prev string) (*Signer, error) {
	if len(key) < 32 {
		return nil, errors.New("auditship: signing key must be at least 32 bytes")
	}
	return &Signer{host: host, keyID: keyID, key: key, prev: prev}, nil
}

// Sign encodes entries and signs them. The chain only advances when Commit
// is called, so a batch that fails to upload can be signed again.
func (s *Signer) Sign(entries []Entry) (*Batch, error) {
	if len(entries) == 0 {
		return nil, errors.New("auditship: empty batch")
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range entries {
		if err := enc.Encode(&entries[i]); err != nil {
			return nil, fmt.Errorf("encode entry %d: %w", entries[i].Seq, err)
		}
	}
	b := &Batch{
		Host:     s.host,
		KeyID:    s.keyID,
		FirstSeq: entries[0].Seq,
		LastSeq:  entries[len(entries)-1].Seq,
		Payload:  buf.Bytes(),
		Prev:     s.prev,
	}
	b.Signature = s.mac(b)
	return b, nil
}

// Commit advances the chain past b.
func (s *Signer) Commit(b *Batch) { s.prev = b.Signature }

// Verify reports whether b carries a valid signature for this signer's key.
func (s *Signer) Verify(b *Batch) bool {
	want, err := hex.DecodeString(b.Signature)
	if err != nil {
		return false
	}
	got, _ := hex.DecodeString(s.mac(b))
	return hmac.Equal(want, got)
}

func (s *Signer) mac(b *Batch) string {
	m := hmac.New(sha256.New, s.key)
	fmt.Fprintf(m, "%s\n%s\n%d-%d\n%s\n", b.Host, b.KeyID, b.FirstSeq, b.LastSeq, b.Prev)
	m.Write(b.Payload)
	return hex.EncodeToString(m.Sum(nil))
}

// UploadError is returned by an Uploader for a rejected upload.
type UploadError struct {
	StatusCode int
	Err        error
}

func (e *UploadError) Error() string {
	return fmt.Sprintf("upload rejected with status %d: %v", e.StatusCode, e.Err)
}

func (e *UploadError) Unwrap() error { return e.Err }

// Temporary reports whether the upload may succeed if retried.
func (e *UploadError) Temporary() bool {
	return e.StatusCode == 429 || e.StatusCode >= 500
}

// retryable reports whether err is worth another upload attempt. Transport
// errors are retried; rejections only when the collector says so.
func retryable(err error) bool {
	var ue *UploadError
	if errors.As(err, &ue) {
		return ue.Temporary()
	}
	return true
}
