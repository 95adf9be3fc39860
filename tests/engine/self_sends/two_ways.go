package selfsendtwoways

// The hub's goroutine reaches its own send two ways: through `retry` (two calls
// deep) and through `audit` and `log` (three deep). The shorter way is named.
type Hub struct {
	cmds chan string
	quit chan struct{}
	log  []string
}

func NewHub() *Hub {
	h := &Hub{cmds: make(chan string), quit: make(chan struct{})}
	go h.run()
	return h
}

func (h *Hub) run() {
	for {
		select {
		case <-h.quit:
			return
		case c := <-h.cmds:
			h.handle(c)
		}
	}
}

func (h *Hub) handle(c string) {
	h.retry(c)
	h.audit(c)
}

func (h *Hub) retry(c string) {
	if c == "again" {
		h.Send("done")
	}
}

func (h *Hub) audit(c string) { h.record(c) }

func (h *Hub) record(c string) {
	h.log = append(h.log, c)
	if c == "again" {
		h.Send("logged")
	}
}

func (h *Hub) Send(c string) {
	h.cmds <- c
}

func (h *Hub) Close() { close(h.quit) }
