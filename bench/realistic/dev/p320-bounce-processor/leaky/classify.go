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
	"regexp"
	"strings"
)

// Kind says whether a failure is permanent.
type Kind int

const (
	Hard Kind = iota + 1 // permanent: unknown user, domain does not exist
	Soft                 // transient: mailbox full, greylisting, timeouts
)

// Bounce is one failed recipient extracted from a bounce message.
type Bounce struct {
	Recipient  string
	Kind       Kind
	Status     string // RFC 3463 enhanced status code, e.g. "5.1.1"
	Diagnostic string
}

// ErrNotBounce is returned by Classify for auto-replies and other non-bounces.
var ErrNotBounce = errors.New("bounce: not a delivery status notification")

var (
	statusRe = regexp.MustCompile(`\b([45]\.\d{1,3}\.\d{1,3})\b`)
	addrRe   = regexp.MustCompile(`<([^<>@\s]+@[^<>\s]+)>`)
)

// Classify extracts the failed recipients from a bounce: RFC 3464 reports
// are parsed exactly, other mailer-daemon messages searched heuristically.
func Classify(h mail.Header, body io.Reader) ([]Bounce, error) {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err == nil && mediaType == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status") {
		return classifyDSN(body, params["boundary"])
	}
	if looksLikeBounce(h) {
		return classifyText(body)
	}
	return nil, ErrNotBounce
}

func looksLikeBounce(h mail.Header) bool {
	from := strings.ToLower(h.Get("From"))
	if strings.Contains(from, "mailer-daemon@") || strings.Contains(from, "postmaster@") {
		return true
	}
	subject := strings.ToLower(h.Get("Subject"))
	for _, s := range []string{"undeliverable", "delivery status notification", "failure notice", "returned mail"} {
		if strings.Contains(subject, s) {
			return true
		}
	}
	return false
}

func classifyDSN(body io.Reader, boundary string) ([]Bounce, error) {
	if boundary == "" {
		return nil, errors.New("bounce: multipart/report without boundary")
	}
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, errors.New("bounce: report has no message/delivery-status part")
		}
		if err != nil {
			return nil, fmt.Errorf("bounce: reading report: %w", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if ct == "message/delivery-status" {
			return parseDeliveryStatus(part)
		}
	}
}

// parseDeliveryStatus reads the per-message field group followed by one
// group per recipient, as laid out in RFC 3464 section 2.
func parseDeliveryStatus(r io.Reader) ([]Bounce, error) {
	tp := textproto.NewReader(bufio.NewReader(r))
	if _, err := tp.ReadMIMEHeader(); err != nil {
		return nil, fmt.Errorf("bounce: per-message fields: %w", err)
	}
	var out []Bounce
	for {
		fields, err := tp.ReadMIMEHeader()
		if b, ok := recipientBounce(fields); ok {
			out = append(out, b)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("bounce: per-recipient fields: %w", err)
		}
	}
}

func recipientBounce(f textproto.MIMEHeader) (Bounce, bool) {
	action := strings.ToLower(strings.TrimSpace(f.Get("Action")))
	if action != "failed" && action != "delayed" {
		return Bounce{}, false
	}
	rcpt := addressField(f.Get("Final-Recipient"))
	if rcpt == "" {
		return Bounce{}, false
	}
	status := strings.TrimSpace(f.Get("Status"))
	kind := kindForStatus(status)
	if action == "delayed" {
		kind = Soft
	}
	diag := f.Get("Diagnostic-Code")
	if i := strings.IndexByte(diag, ';'); i >= 0 {
		diag = diag[i+1:]
	}
	return Bounce{Recipient: rcpt, Kind: kind, Status: status, Diagnostic: strings.TrimSpace(diag)}, true
}

// addressField extracts the address from a typed field such as
// "rfc822; alice@example.com".
func addressField(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return strings.ToLower(strings.Trim(strings.TrimSpace(v), "<>"))
}

func kindForStatus(status string) Kind {
	switch {
	case status == "5.2.2": // mailbox full, often reported as permanent
		return Soft
	case strings.HasPrefix(status, "5."):
		return Hard
	default:
		return Soft
	}
}

func classifyText(body io.Reader) ([]Bounce, error) {
	sc := bufio.NewScanner(io.LimitReader(body, 64<<10))
	var rcpt, status string
	for sc.Scan() && (rcpt == "" || status == "") {
		line := sc.Text()
		if m := statusRe.FindStringSubmatch(line); m != nil && status == "" {
			status = m[1]
		}
		if m := addrRe.FindStringSubmatch(line); m != nil && rcpt == "" {
			rcpt = strings.ToLower(m[1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bounce: scanning body: %w", err)
	}
	if rcpt == "" || status == "" {
		return nil, errors.New("bounce: no recipient or status found in non-standard bounce")
	}
	return []Bounce{{Recipient: rcpt, Kind: kindForStatus(status), Status: status}}, nil
}
