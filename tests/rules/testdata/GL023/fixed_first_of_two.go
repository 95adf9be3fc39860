package fixedfirstoftwo

import "errors"

func listenHTTP() error  { return errors.New("http: address in use") }
func listenHTTPS() error { return errors.New("https: no certificate") }

// Serve waits for the first of its two listeners to stop; the buffer keeps
// the other listener's error, so neither sender waits.
func Serve() error {
	errc := make(chan error, 1) // room for the error nobody reads
	go func() {
		errc <- listenHTTP()
	}()
	go func() {
		errc <- listenHTTPS()
	}()
	return <-errc
}
