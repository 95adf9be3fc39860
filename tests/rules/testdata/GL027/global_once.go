package globalonce

import (
	"os"
	"sync"
)

// run: go func() { _ = Current() }()

// Config is the process's configuration.
type Config struct {
	Dir   string
	Debug bool
}

var (
	configOnce sync.Once
	current    *Config
)

// Current loads the configuration on first use.
func Current() *Config {
	configOnce.Do(loadConfig) // want "`configOnce.Do` is entered again from inside `loadConfig` \\(through `validate`, then `Current`\\)"
	return current
}

func loadConfig() {
	c := &Config{Dir: os.Getenv("APP_DIR")}
	validate(c)
	current = c
}

func validate(c *Config) {
	if c.Dir == "" {
		// The default directory is the one the current configuration names.
		c.Dir = Current().Dir
	}
}
