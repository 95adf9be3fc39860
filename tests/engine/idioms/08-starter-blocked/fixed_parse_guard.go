package fixed_parse_guard

import (
	"fmt"
	"strconv"
	"strings"
)

// run: go func() { _, _ = ParseLimits("cpu=2,mem") }()

// parseLimits panics on a malformed pair: it is the strict parser from the old CLI.
func parseLimits(spec string) map[string]int {
	out := map[string]int{}
	for _, pair := range strings.Split(spec, ",") {
		kv := strings.SplitN(pair, "=", 2)
		n, err := strconv.Atoi(kv[1])
		if err != nil {
			panic(err)
		}
		out[kv[0]] = n
	}
	return out
}

type parsed struct {
	limits map[string]int
	err    error
}

// ParseLimits runs the strict parser on its own goroutine so that a panic cannot take us down.
func ParseLimits(spec string) (map[string]int, error) {
	res := make(chan parsed)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				res <- parsed{err: fmt.Errorf("bad limits %q: %v", spec, r)} // the caller still gets an answer
			}
		}()
		res <- parsed{limits: parseLimits(spec)}
	}()
	p := <-res
	return p.limits, p.err
}
