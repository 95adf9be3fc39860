package streammux

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// pipeConn reads what the test's fake server writes into a pipe and records
// everything the session sends.
type pipeConn struct {
	r *io.PipeReader

	mu  sync.Mutex
	out bytes.Buffer
}

func (c *pipeConn) Read(p []byte) (int, error) { return c.r.Read(p) }

func (c *pipeConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

func (c *pipeConn) Close() error { return c.r.Close() }

func serverSend(t *testing.T, w io.Writer, f frame) {
	t.Helper()
	if err := writeFrame(w, f); err != nil {
		t.Fatalf("server write: %v", err)
	}
}

func TestStreamResetByServer(t *testing.T) {
	defer goleak.VerifyNone(t)

	pr, pw := io.Pipe()
	conn := &pipeConn{r: pr}
	sess := NewSession(conn, Config{InitialWindow: 1024})

	st, err := sess.OpenStream()
	if err != nil {
		t.Fatalf("OpenStream: %v", err)
	}
	if _, err := st.Write([]byte("GET /v1/quotes")); err != nil {
		t.Fatalf("Write: %v", err)
	}

	serverSend(t, pw, frame{typ: frameData, stream: st.ID(), payload: []byte("partial")})
	buf := make([]byte, 64)
	n, err := st.Read(buf)
	if err != nil || string(buf[:n]) != "partial" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}

	code := make([]byte, 4)
	binary.BigEndian.PutUint32(code, 8)
	serverSend(t, pw, frame{typ: frameReset, stream: st.ID(), payload: code})
	if _, err := st.Read(buf); !errors.Is(err, ErrStreamReset) {
		t.Fatalf("Read after reset: %v, want %v", err, ErrStreamReset)
	}
	if _, err := st.Write([]byte("more")); !errors.Is(err, ErrStreamReset) {
		t.Fatalf("Write after reset: %v, want %v", err, ErrStreamReset)
	}
	if err := st.Close(); err != nil {
		t.Fatalf("Close stream: %v", err)
	}

	if err := sess.Close(); err != nil {
		t.Fatalf("Close session: %v", err)
	}
	if _, err := sess.OpenStream(); !errors.Is(err, ErrSessionClosed) {
		t.Fatalf("OpenStream after Close: %v", err)
	}
}
