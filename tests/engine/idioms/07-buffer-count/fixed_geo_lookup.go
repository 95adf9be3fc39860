package fixed_geo_lookup

import (
	"errors"
	"strings"
)

// run: _, _ = Locate([]string{"10.0.0.1", "not-an-ip"})

const (
	resolvers       = 2
	answersPerQuery = 3 // country, region, city
)

var errBadAddress = errors.New("geo: not an IPv4 address")

type answer struct {
	resolver int
	field    string
	value    string
}

func resolve(id int, addr string, out chan<- answer) {
	for _, field := range []string{"country", "region", "city"} {
		out <- answer{resolver: id, field: field, value: "unknown"}
	}
}

// Locate asks every resolver about each address and keeps the first answer per field.
func Locate(addrs []string) (map[string]string, error) {
	out := make(chan answer, resolvers*answersPerQuery) // room for every answer, read or not
	for id := 0; id < resolvers; id++ {
		go resolve(id, addrs[0], out)
	}
	for _, a := range addrs {
		if strings.Count(a, ".") != 3 {
			return nil, errBadAddress
		}
	}
	loc := map[string]string{}
	for i := 0; i < resolvers*answersPerQuery; i++ {
		a := <-out
		if _, seen := loc[a.field]; !seen {
			loc[a.field] = a.value
		}
	}
	return loc, nil
}
