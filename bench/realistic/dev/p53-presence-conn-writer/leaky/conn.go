package presence

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"strings"
	"time"
)

var (
	errBadHello = errors.New("presence: expected HELLO <name>")
	errNameUsed = errors.New("presence: name already online")
)

// Server runs the presence protocol on connections handed to it.
type Server struct {
	hub         *hub
	queueLen    int
	idleTimeout time.Duration
	logger      *log.Logger
}

// NewServer makes a server; queueLen bounds the notifications queued for a
// slow client before they are dropped.
func NewServer(queueLen int, idleTimeout time.Duration, logger *log.Logger) *Server {
	if logger == nil {
		logger = log.Default()
	}
	return &Server{hub: newHub(), queueLen: queueLen, idleTimeout: idleTimeout, logger: logger}
}

// client is one connection. Everything written to it goes through out, which
// a dedicated writer goroutine drains, so a slow client never blocks the hub.
// The writer owns the connection: it closes it once out is closed and drained,
// so that a final reply such as an error still reaches the client.
type client struct {
	conn net.Conn
	out  chan string
}

func (c *client) notify(line string) {
	select {
	case c.out <- line:
	default: // the client is too slow; drop the notification
	}
}

func (c *client) writeLoop(logger *log.Logger) {
	defer c.conn.Close()
	for line := range c.out { // leak: ServeConn returns on a failed handshake without closing out, so this range never ends
		if _, err := io.WriteString(c.conn, line+"\n"); err != nil {
			logger.Printf("presence: write to %s: %v", c.conn.RemoteAddr(), err)
		}
	}
}

// ServeConn runs one client connection until it quits or fails.
func (s *Server) ServeConn(conn net.Conn) error {
	c := &client{conn: conn, out: make(chan string, s.queueLen)}
	go c.writeLoop(s.logger)

	sc := bufio.NewScanner(conn)
	name, err := s.handshake(sc)
	if err != nil {
		c.notify("ERR " + err.Error())
		return err
	}
	if !s.hub.join(name, c) {
		c.notify("ERR " + errNameUsed.Error())
		return errNameUsed
	}
	defer func() {
		s.hub.leave(name)
		close(c.out)
	}()
	c.notify("OK " + name)

	for {
		if s.idleTimeout > 0 {
			conn.SetReadDeadline(time.Now().Add(s.idleTimeout))
		}
		if !sc.Scan() {
			return sc.Err()
		}
		switch cmd := strings.TrimSpace(sc.Text()); cmd {
		case "WHO":
			c.notify("ONLINE " + strings.Join(s.hub.online(), " "))
		case "PING":
			c.notify("PONG")
		case "QUIT":
			return nil
		default:
			c.notify(fmt.Sprintf("ERR unknown command %q", cmd))
		}
	}
}

func (s *Server) handshake(sc *bufio.Scanner) (string, error) {
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return "", err
		}
		return "", io.ErrUnexpectedEOF
	}
	verb, name, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
	if !ok || verb != "HELLO" || name == "" || strings.ContainsAny(name, " \t") {
		return "", errBadHello
	}
	return name, nil
}
