// Package bidi wraps a byte connection in a bidirectional message stream, in
// the style of a gRPC streaming call: Send and Recv may be used from different
// goroutines, and each direction is pumped by its own goroutine so that a slow
// reader never stalls the writer.
package bidi

import "io"

// Transport is the byte connection under a stream. Its two directions can be
// closed independently, like CloseRead and CloseWrite on a TCP connection.
type Transport interface {
	io.Reader
	io.Writer
	// CloseRead makes pending and future reads fail.
	CloseRead() error
	// CloseWrite tells the peer that no more bytes are coming.
	CloseWrite() error
}

// pipeConn is one end of an in-memory transport.
type pipeConn struct {
	*io.PipeReader
	*io.PipeWriter
}

func (c pipeConn) CloseRead() error  { return c.PipeReader.Close() }
func (c pipeConn) CloseWrite() error { return c.PipeWriter.Close() }

// Pipe returns the two ends of a synchronous in-memory transport, for tests
// and for wiring a client and a server in one process.
func Pipe() (Transport, Transport) {
	ar, bw := io.Pipe()
	br, aw := io.Pipe()
	return pipeConn{ar, aw}, pipeConn{br, bw}
}
