// Package bounce turns bounce messages returned to the envelope sender into
// suppression decisions. It parses RFC 3464 delivery status notifications
// (and the free-text bounces some MTAs still send), classifies the failure,
// and records suppressions for addresses that must not be mailed again.
package bounce

import (
	"bufio"
	"bytes"
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

// Report is the information extracted from one bounce message.
type Report struct {
	Recipient    string // failed address, lower-cased
	Action       string // failed, delayed, delivered, relayed, expanded
	Status       string // enhanced status code, e.g. 5.1.1
	Diagnostic   string // remote MTA's diagnostic text
	ReportingMTA string
	MessageID    string // Message-ID of the bounce itself
}

// ErrNotBounce is returned for messages that are not delivery reports.
var ErrNotBounce = errors.New("bounce: not a delivery status notification")

var (
	statusRe    = regexp.MustCompile(`\b([245]\.\d{1,3}\.\d{1,3})\b`)
	recipientRe = regexp.MustCompile(`<([^<>@\s]+@[^<>\s]+)>`)
)

// Parse extracts a Report from a raw bounce message.
func Parse(raw []byte) (*Report, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("read message: %w", err)
	}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		mediaType = "text/plain"
	}
	var rep *Report
	if mediaType == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status") {
		rep, err = parseDSN(msg.Body, params["boundary"])
	} else {
		rep, err = parseFreeText(msg.Header.Get("Subject"), msg.Body)
	}
	if err != nil {
		return nil, err
	}
	rep.MessageID = msg.Header.Get("Message-Id")
	return rep, nil
}

func parseDSN(body io.Reader, boundary string) (*Report, error) {
	mr := multipart.NewReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: no message/delivery-status part", ErrNotBounce)
		}
		if err != nil {
			return nil, fmt.Errorf("read report part: %w", err)
		}
		ct, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if ct != "message/delivery-status" && ct != "message/global-delivery-status" {
			continue
		}
		return parseDeliveryStatus(part)
	}
}

// parseDeliveryStatus reads the per-message block and the first
// per-recipient block of a message/delivery-status body.
func parseDeliveryStatus(r io.Reader) (*Report, error) {
	tp := textproto.NewReader(bufio.NewReader(r))
	perMessage, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("per-message fields: %w", err)
	}
	perRecipient, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("per-recipient fields: %w", err)
	}
	rep := &Report{
		ReportingMTA: typedValue(perMessage.Get("Reporting-Mta")),
		Recipient:    strings.ToLower(typedValue(perRecipient.Get("Final-Recipient"))),
		Action:       strings.ToLower(strings.TrimSpace(perRecipient.Get("Action"))),
		Status:       strings.TrimSpace(perRecipient.Get("Status")),
		Diagnostic:   typedValue(perRecipient.Get("Diagnostic-Code")),
	}
	if rep.Recipient == "" {
		return nil, fmt.Errorf("%w: no recipient in delivery status", ErrNotBounce)
	}
	if m := statusRe.FindString(rep.Status); m != "" {
		rep.Status = m
	}
	return rep, nil
}

// typedValue strips the address-type or diagnostic-type prefix of a DSN
// field, e.g. "rfc822; bob@example.com" -> "bob@example.com".
func typedValue(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[i+1:]
	}
	return strings.TrimSpace(v)
}

// parseFreeText handles non-standard bounces by looking for an enhanced
// status code and an angle-bracketed address in the first few kilobytes.
func parseFreeText(subject string, body io.Reader) (*Report, error) {
	s := strings.ToLower(subject)
	if !strings.Contains(s, "undeliver") && !strings.Contains(s, "failure") &&
		!strings.Contains(s, "returned") && !strings.Contains(s, "delivery status") {
		return nil, ErrNotBounce
	}
	buf, err := io.ReadAll(io.LimitReader(body, 16<<10))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	m := recipientRe.FindSubmatch(buf)
	if m == nil {
		return nil, fmt.Errorf("%w: no recipient found", ErrNotBounce)
	}
	rep := &Report{Recipient: strings.ToLower(string(m[1])), Action: "failed"}
	if st := statusRe.Find(buf); st != nil {
		rep.Status = string(st)
	}
	if i := bytes.Index(buf, m[0]); i >= 0 {
		line := buf[i:]
		if j := bytes.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		rep.Diagnostic = strings.TrimSpace(string(line))
	}
	return rep, nil
}
