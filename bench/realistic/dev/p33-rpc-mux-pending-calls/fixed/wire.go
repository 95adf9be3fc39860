package rpcmux

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A request travels as one line: "<id> <method> <payload>\n".
// A reply travels as one line:   "<id> <status> <payload>\n".

var errBadMethod = errors.New("rpcmux: method must be a non-empty word")

type request struct {
	ID      uint64
	Method  string
	Payload string
}

func (r request) encode() string {
	return strconv.FormatUint(r.ID, 10) + " " + r.Method + " " + escape(r.Payload) + "\n"
}

type reply struct {
	ID      uint64
	Status  string
	Payload string
	err     error // set instead of the fields when the connection failed
}

func decodeReply(line string) (reply, error) {
	line = strings.TrimRight(line, "\r\n")
	parts := strings.SplitN(line, " ", 3)
	if len(parts) < 2 {
		return reply{}, fmt.Errorf("malformed reply %q", line)
	}
	id, err := strconv.ParseUint(parts[0], 10, 64)
	if err != nil {
		return reply{}, fmt.Errorf("malformed reply id %q", parts[0])
	}
	r := reply{ID: id, Status: parts[1]}
	if len(parts) == 3 {
		r.Payload = unescape(parts[2])
	}
	return r, nil
}

func validMethod(m string) error {
	if m == "" || strings.ContainsAny(m, " \r\n") {
		return errBadMethod
	}
	return nil
}

var (
	escaper   = strings.NewReplacer(`\`, `\\`, "\n", `\n`)
	unescaper = strings.NewReplacer(`\\`, `\`, `\n`, "\n")
)

func escape(s string) string   { return escaper.Replace(s) }
func unescape(s string) string { return unescaper.Replace(s) }
