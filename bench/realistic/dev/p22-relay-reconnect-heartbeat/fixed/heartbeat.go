package relay

import "time"

func (s *Session) heartbeat(conn Conn, stop <-chan struct{}) {
	t := time.NewTicker(s.cfg.PingEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if err := conn.Ping(); err != nil && s.cfg.OnPingError != nil {
				s.cfg.OnPingError(err)
			}
		}
	}
}
