package wire

import (
	"bytes"
	"encoding/binary"
	"testing"

	"go.uber.org/goleak"
)

func encode(msgs ...string) []byte {
	var b bytes.Buffer
	for _, m := range msgs {
		var hdr [4]byte
		binary.BigEndian.PutUint32(hdr[:], uint32(len(m)))
		b.Write(hdr[:])
		b.WriteString(m)
	}
	return b.Bytes()
}

func TestCloseAfterFirstFrame(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := NewConn(bytes.NewReader(encode("hello", "world", "bye")))
	if f := <-c.Frames(); string(f) != "hello" {
		t.Fatalf("got %q", f)
	}
	c.Close()
}
