package bounce

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"net/textproto"
	"strings"
)

// Bounce is one failed delivery taken from a delivery status notification.
type Bounce struct {
	MessageID string
	Recipient string
	Action    string
	Status    string
}

// Hard reports whether the failure is permanent (a 5.x.x status).
func (b Bounce) Hard() bool { return strings.HasPrefix(b.Status, "5.") }

var errNotBounce = errors.New("not a delivery status notification")

// reportBoundary returns the MIME boundary of a multipart/report message of
// type delivery-status, or errNotBounce.
func reportBoundary(h mail.Header) (string, error) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mediaType != "multipart/report" {
		return "", errNotBounce
	}
	if !strings.EqualFold(params["report-type"], "delivery-status") || params["boundary"] == "" {
		return "", errNotBounce
	}
	return params["boundary"], nil
}

// parseReport finds the message/delivery-status part and reads the first
// per-recipient block out of it.
func parseReport(body io.Reader, boundary string) (Bounce, error) {
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return Bounce{}, fmt.Errorf("no delivery-status part: %w", errNotBounce)
		}
		if err != nil {
			return Bounce{}, fmt.Errorf("read report part: %w", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if ct != "message/delivery-status" {
			continue
		}
		tr := textproto.NewReader(bufio.NewReader(part))
		if _, err := tr.ReadMIMEHeader(); err != nil {
			return Bounce{}, fmt.Errorf("per-message fields: %w", err)
		}
		rcpt, err := tr.ReadMIMEHeader()
		if err != nil && !(errors.Is(err, io.EOF) && len(rcpt) > 0) {
			return Bounce{}, fmt.Errorf("per-recipient fields: %w", err)
		}
		b := Bounce{
			Recipient: addressOf(rcpt.Get("Final-Recipient")),
			Action:    strings.ToLower(rcpt.Get("Action")),
			Status:    rcpt.Get("Status"),
		}
		if b.Recipient == "" {
			return Bounce{}, errors.New("delivery-status part without Final-Recipient")
		}
		return b, nil
	}
}

// addressOf strips the address type from a field like "rfc822; a@b.example".
func addressOf(field string) string {
	if i := strings.IndexByte(field, ';'); i >= 0 {
		field = field[i+1:]
	}
	return strings.ToLower(strings.TrimSpace(field))
}
