// LookupAll asks every resolver at once and waits for one answer from each. A lookup
// that panics is recovered by a deferred helper that turns the recovered value into an
// error and sends that instead (RECOVERED_THROUGH_A_CALL): every goroutine sends once.
package recoveredbyhelper

import (
	"errors"
	"fmt"
	"log"
)

type Resolver interface {
	Lookup(host string) ([]string, error)
}

func asError(v any) error {
	if v == nil {
		return nil
	}
	if err, ok := v.(error); ok {
		return err
	}
	return fmt.Errorf("panic: %v", v)
}

func recoverAndReport(results chan<- any) {
	err := asError(recover())
	if err == nil {
		return
	}
	log.Printf("recovered: %v", err)
	results <- err
}

func lookup(r Resolver, host string, results chan<- any) {
	defer recoverAndReport(results)
	addrs, err := r.Lookup(host)
	if err != nil {
		results <- err
		return
	}
	results <- addrs
}

func LookupAll(resolvers []Resolver, host string) ([]string, error) {
	results := make(chan any, len(resolvers))
	for _, r := range resolvers {
		go lookup(r, host, results)
	}
	var errs []error
	for range resolvers {
		switch v := (<-results).(type) {
		case error:
			errs = append(errs, v)
		case []string:
			return v, nil
		}
	}
	if len(errs) == 0 {
		return nil, errors.New("no resolvers")
	}
	return nil, errs[0]
}
