package price_refresh

import (
	"errors"
	"strings"
)

// run: _ = Refresh(map[string]float64{"AAPL": 1.5, "": 2})

var errEmptySymbol = errors.New("refresh: empty symbol")

type quote struct {
	symbol string
	price  float64
}

type poller struct {
	updates chan quote
	stop    chan struct{}
	book    map[string]float64
}

func newPoller() *poller {
	return &poller{updates: make(chan quote), stop: make(chan struct{}), book: map[string]float64{}}
}

func (p *poller) run() {
	for {
		select { // want "blocks forever"
		case q := <-p.updates:
			p.book[strings.ToUpper(q.symbol)] = q.price
		case <-p.stop:
			return
		}
	}
}

// Refresh feeds the new prices to a book-keeping goroutine.
func Refresh(prices map[string]float64) error {
	p := newPoller()
	go p.run()
	for sym, px := range prices {
		if sym == "" {
			return errEmptySymbol
		}
		p.updates <- quote{symbol: sym, price: px}
	}
	close(p.stop)
	return nil
}
