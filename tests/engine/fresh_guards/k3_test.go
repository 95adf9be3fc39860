package fresh

import (
	"net"
	"net/http"
	"testing"
)

// The helper panics when it cannot listen, and otherwise sends its address and serves
// until it panics too: every path ends the process, and the one that sends nothing
// ends it first, leaving nobody waiting (EXIT_BEFORE_ANYTHING).
func TestFetchK3(t *testing.T) {
	serve := func(addr chan<- string) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			panic(err)
		}
		addr <- ln.Addr().String()
		panic(http.Serve(ln, http.NotFoundHandler()))
	}
	addr := make(chan string, 1)
	go serve(addr)
	resp, err := http.Get("http://" + <-addr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}
