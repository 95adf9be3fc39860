package future

import "strings"

// run: _ = Resolve("example")

func lookup(host string) string { return strings.ToUpper(host) }

func Resolve(host string) <-chan string {
	ch := make(chan string)
	go func() { ch <- lookup(host) }() // want "goroutine blocks forever sending on `ch` if the caller of `Resolve` never receives the result: `ch` is returned unbuffered"
	return ch
}
