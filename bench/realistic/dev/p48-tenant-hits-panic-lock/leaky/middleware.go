package hits

import (
	"net/http"
)

// Middleware counts every request that reaches next under route. A panic in
// counting or in next is turned into a 500 so that one bad request does not
// bring the server down.
func (c *Counter) Middleware(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				c.logf("hits: panic serving %s %s: %v", r.Method, r.URL.Path, v)
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			}
		}()
		c.Hit(r, route)
		next.ServeHTTP(w, r)
	})
}
