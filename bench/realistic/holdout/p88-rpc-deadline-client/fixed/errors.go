package rpcclient

import (
	"errors"
	"fmt"
)

// Code is a server status code.
type Code int

// Status codes returned by servers.
const (
	CodeOK Code = iota
	CodeInvalidArgument
	CodeNotFound
	CodeDeadlineExceeded
	CodeResourceExhausted
	CodeUnavailable
	CodeInternal
)

// ErrDeadlineExceeded is returned when the caller's deadline leaves no time
// for another attempt.
var ErrDeadlineExceeded = errors.New("rpc deadline exceeded")

// StatusError is returned when the server answers with a non-OK code.
type StatusError struct {
	Method  string
	Code    Code
	Message string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: server returned code %d: %s", e.Method, e.Code, e.Message)
}

// retryable reports whether err is worth another attempt: the server said it
// is temporarily unable to serve, or the transport failed in a way that it
// flags as temporary (a reset connection, a refused dial).
func retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Code == CodeUnavailable || se.Code == CodeResourceExhausted
	}
	var te interface{ Temporary() bool }
	if errors.As(err, &te) {
		return te.Temporary()
	}
	return false
}
