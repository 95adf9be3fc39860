package future

import "strings"

func lookup(host string) string { return strings.ToUpper(host) }

func Resolve(host string) <-chan string {
	ch := make(chan string, 1)
	go func() { ch <- lookup(host) }()
	return ch
}
