package mux

import (
	"bytes"
	"io"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// end is one end of an in-memory full-duplex connection.
type end struct {
	*io.PipeReader
	*io.PipeWriter
}

func (e end) Close() error {
	e.PipeWriter.Close()
	return e.PipeReader.Close()
}

func connPair() (end, end) {
	ar, bw := io.Pipe()
	br, aw := io.Pipe()
	return end{ar, aw}, end{br, bw}
}

func TestWriterSeesPeerDisconnect(t *testing.T) {
	defer goleak.VerifyNone(t)

	a, b := connPair()
	cli := NewSession(a, true, WithWindow(1024))
	srv := NewSession(b, false, WithWindow(1024))
	defer cli.Close()

	ch, err := cli.Open()
	if err != nil {
		t.Fatal(err)
	}
	ch.SendFrom(bytes.NewReader(make([]byte, 4096)))

	remote, err := srv.Accept()
	if err != nil {
		t.Fatal(err)
	}
	// The server application is stuck and does not read: the client soon runs out of window.
	deadline := time.Now().Add(500 * time.Millisecond)
	for {
		remote.mu.Lock()
		got := len(remote.buf)
		remote.mu.Unlock()
		if got == 1024 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server received %d bytes, want 1024", got)
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(10 * time.Millisecond)

	// The server goes away.
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Accept(); err == nil {
		t.Fatal("accept on a closed session succeeded")
	}
}
