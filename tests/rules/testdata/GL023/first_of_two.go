package firstoftwo

import "errors"

// run: _ = Serve()

func listenHTTP() error  { return errors.New("http: address in use") }
func listenHTTPS() error { return errors.New("https: no certificate") }

// Serve waits for the first of its two listeners to stop: it does receive,
// but only once, and the other listener's error has nobody to go to.
func Serve() error {
	errc := make(chan error)
	go func() {
		errc <- listenHTTP() // want "goroutine blocks forever sending on `errc`: more values are sent on `errc` than `Serve` receives"
	}()
	go func() {
		errc <- listenHTTPS()
	}()
	return <-errc
}
