package resultch

import "strconv"

// run: _ = Parse("x")

type result struct {
	n   int
	err error
}

func Parse(s string) result {
	out := make(chan result)
	go func() {
		n, err := strconv.Atoi(s)
		if err != nil {
			out <- result{err: err} // want "sends again at line 19, but `Parse` receives only once"
		}
		out <- result{n: n}
	}()
	return <-out
}
