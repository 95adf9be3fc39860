package sshmux

import (
	"encoding/binary"
	"fmt"
	"io"
)

// Session runs one remote command.
type Session struct {
	ch *Channel
	// Stdin, if set before Start, is copied to the remote command, which is
	// then sent EOF.
	Stdin io.Reader
	// Stdout, if set, receives the command's output. It is written from the
	// connection's read loop and should not block.
	Stdout io.Writer

	exit chan uint32
}

// NewSession opens a session channel.
func (m *Mux) NewSession() (*Session, error) {
	s := &Session{exit: make(chan uint32, 1)}
	ch, err := m.openChannel("session", s.output, s.request)
	if err != nil {
		return nil, err
	}
	s.ch = ch
	return s, nil
}

func (s *Session) output(b []byte) {
	if s.Stdout != nil {
		_, _ = s.Stdout.Write(b)
	}
}

func (s *Session) request(name string, payload []byte) {
	if name == "exit-status" && len(payload) >= 4 {
		select {
		case s.exit <- binary.BigEndian.Uint32(payload):
		default: // a second exit status is a protocol error; keep the first
		}
	}
}

// Start runs cmd on the remote side and begins feeding it Stdin.
func (s *Session) Start(cmd string) error {
	req := packet{typ: msgChannelRequest, channel: s.ch.remoteID, payload: append([]byte("exec\x00"), cmd...)}
	if err := s.ch.mux.writePacket(req); err != nil {
		return fmt.Errorf("sshmux: exec %q: %w", cmd, err)
	}
	if s.Stdin != nil {
		go s.copyStdin()
	}
	return nil
}

func (s *Session) copyStdin() {
	if _, err := io.Copy(s.ch, s.Stdin); err != nil {
		s.ch.mux.cfg.Logf("sshmux: channel %d: stdin: %v", s.ch.localID, err)
		return
	}
	_ = s.ch.CloseWrite()
}

// Wait waits for the remote command's exit status. It fails if the channel
// or the connection closes first.
func (s *Session) Wait() error {
	var status uint32
	select {
	case status = <-s.exit:
	case <-s.ch.done:
		select {
		case status = <-s.exit: // sent just before the close
		default:
			return fmt.Errorf("sshmux: session ended without exit status: %w", s.ch.err)
		}
	}
	if status != 0 {
		return fmt.Errorf("sshmux: remote command exited with status %d", status)
	}
	return nil
}
