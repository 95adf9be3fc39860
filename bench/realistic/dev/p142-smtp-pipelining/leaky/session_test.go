package smtpd

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

type memBackend struct {
	envs   []Envelope
	bodies []string
}

func (m *memBackend) Deliver(_ context.Context, env Envelope, body []byte) error {
	m.envs = append(m.envs, env)
	m.bodies = append(m.bodies, string(body))
	return nil
}

type fakeConn struct {
	io.Reader
	io.Writer
}

func TestPipelinedSession(t *testing.T) {
	defer goleak.VerifyNone(t)
	be := &memBackend{}
	cfg := &Config{Hostname: "mx.example.org", Backend: be}
	script := strings.Join([]string{
		"EHLO client.example.com",
		"MAIL FROM:<alice@example.com>",
		"RCPT TO:<bob@example.org>",
		"DATA",
		"Subject: lunch",
		"",
		"..see you at noon",
		".",
		"QUIT",
	}, "\r\n") + "\r\n"
	var out bytes.Buffer
	if err := Serve(context.Background(), cfg, fakeConn{strings.NewReader(script), &out}); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	if len(be.envs) != 1 || be.envs[0].From != "alice@example.com" {
		t.Fatalf("delivered %+v", be.envs)
	}
	if !strings.Contains(be.bodies[0], "\r\n.see you at noon\r\n") {
		t.Fatalf("body %q", be.bodies[0])
	}
	if !strings.HasSuffix(out.String(), "221 bye\r\n") {
		t.Fatalf("replies end with %q", out.String())
	}
}
