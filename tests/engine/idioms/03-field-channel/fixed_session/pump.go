package fixed_session

func (s *Session) pump() {
	for ev := range s.events {
		s.mu.Lock()
		s.state["last"] = ev.Kind
		for k, v := range ev.Data {
			s.state[k] = v
		}
		s.mu.Unlock()
	}
}
