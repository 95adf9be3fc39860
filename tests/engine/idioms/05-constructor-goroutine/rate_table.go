package rate_table

import "sync"

// run: _, _ = Load(func() (map[string]float64, error) { return nil, errors.New("rates service down") })

// Table answers currency conversions once its first snapshot has arrived.
type Table struct {
	mu     sync.Mutex
	rates  map[string]float64
	warm   bool
	loaded chan struct{}
}

// Load starts the table's warmer and waits for the first snapshot from fetch.
func Load(fetch func() (map[string]float64, error)) (*Table, error) {
	t := &Table{loaded: make(chan struct{})}
	go t.warmer()
	first, err := fetch()
	if err != nil {
		return nil, err
	}
	t.rates = first
	close(t.loaded)
	return t, nil
}

func (t *Table) warmer() {
	<-t.loaded // want "blocks forever"
	t.mu.Lock()
	t.warm = len(t.rates) > 0
	t.mu.Unlock()
}

// Rate is the conversion rate for a currency, or zero.
func (t *Table) Rate(currency string) float64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.rates[currency]
}
