package fixed_load_configs

import (
	"errors"
	"log"
	"strings"
)

// run: go func() { _ = LoadAll([]string{"base.yaml", "broken.txt", "prod.yaml"}) }()

type config map[string]string

// parsed is one file's outcome: every goroutine sends one, error or not.
type parsed struct {
	path string
	cfg  config
	err  error
}

func parse(path string) (config, error) {
	if !strings.HasSuffix(path, ".yaml") {
		return nil, errors.New("not a yaml file: " + path)
	}
	return config{"source": path}, nil
}

// LoadAll parses every file concurrently and merges them in arrival order.
func LoadAll(paths []string) config {
	results := make(chan parsed)
	for _, p := range paths {
		go func(path string) {
			cfg, err := parse(path)
			results <- parsed{path: path, cfg: cfg, err: err}
		}(p)
	}
	merged := config{}
	for range paths {
		r := <-results
		if r.err != nil {
			log.Printf("skipping %s: %v", r.path, r.err)
			continue
		}
		for k, v := range r.cfg {
			merged[k] = v
		}
	}
	return merged
}
