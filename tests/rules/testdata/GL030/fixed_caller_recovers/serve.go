package fixedcallerrecovers

import "log"

// Serve handles one request; a panic is logged and the server goes on.
func (l *Limiter) Serve(req string) {
	defer func() {
		if p := recover(); p != nil {
			log.Printf("serve %q: %v", req, p)
		}
	}()
	if !l.Allow(req) {
		log.Printf("serve %q: over the limit", req)
	}
}
