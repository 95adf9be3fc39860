package load_configs

import (
	"errors"
	"log"
	"strings"
)

// run: go func() { _ = LoadAll([]string{"base.yaml", "broken.txt", "prod.yaml"}) }()

type config map[string]string

func parse(path string) (config, error) {
	if !strings.HasSuffix(path, ".yaml") {
		return nil, errors.New("not a yaml file: " + path)
	}
	return config{"source": path}, nil
}

// LoadAll parses every file concurrently and merges them in arrival order.
func LoadAll(paths []string) config {
	parsed := make(chan config)
	for _, p := range paths {
		go func(path string) {
			cfg, err := parse(path)
			if err != nil {
				log.Printf("skipping %s: %v", path, err)
				return
			}
			parsed <- cfg
		}(p)
	}
	merged := config{}
	for range paths {
		cfg := <-parsed // want "blocks forever"
		for k, v := range cfg {
			merged[k] = v
		}
	}
	return merged
}
