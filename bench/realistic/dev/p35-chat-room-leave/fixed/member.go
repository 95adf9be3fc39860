package chat

import (
	"fmt"
	"io"
	"sync"
)

// Conn is a member's connection.
type Conn interface {
	io.Writer
	Close() error
}

type member struct {
	name string
	conn Conn
	send chan Message

	mu  sync.Mutex
	err error // first write error; later messages are discarded
}

func newMember(name string, conn Conn, queueLen int) *member {
	return &member{name: name, conn: conn, send: make(chan Message, queueLen)}
}

// writeLoop writes queued messages to the member's connection until its queue
// is closed.
func (m *member) writeLoop() {
	defer m.conn.Close()
	for msg := range m.send {
		if m.failed() {
			continue
		}
		line := fmt.Sprintf("[%s] %s: %s\n", msg.At.Format("15:04"), msg.From, msg.Text)
		if _, err := io.WriteString(m.conn, line); err != nil {
			m.mu.Lock()
			m.err = err
			m.mu.Unlock()
		}
	}
}

func (m *member) failed() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.err != nil
}
