package nestedliteral

import "sync"

// run: s := &Settings{}; go s.Load()

// Settings are read from a file once, or fall back to defaults.
type Settings struct {
	once   sync.Once
	path   string
	values map[string]string
}

func (s *Settings) defaults() {
	s.values = map[string]string{"level": "info"}
}

// Load reads the settings the first time it is called.
func (s *Settings) Load() {
	s.once.Do(func() {
		s.values = map[string]string{}
		if s.path == "" {
			s.once.Do(s.defaults) // want "`s.once.Do` is called from inside the function literal it runs, which `s.once.Do` at line 20 is still running"
		}
	})
}
