package printers

import "sync"

// run: s := NewSpooler(); s.Connect("lobby"); s.Connect("lobby"); s.Close()

// tray holds the pages waiting for one printer; its feeder sleeps while it is empty.
type tray struct {
	mu     sync.Mutex
	cond   *sync.Cond
	pages  []string
	closed bool
}

func newTray() *tray {
	t := &tray{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

// next waits for a page; it reports false once the tray is closed and empty.
func (t *tray) next() (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for len(t.pages) == 0 && !t.closed {
		t.cond.Wait()
	}
	if len(t.pages) == 0 {
		return "", false
	}
	p := t.pages[0]
	t.pages = t.pages[1:]
	return p, true
}

// shut closes the tray and wakes its feeder.
func (t *tray) shut() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.cond.Broadcast()
}

// printer feeds its tray's pages to the device.
type printer struct {
	name string
	in   *tray
}

func (p *printer) feed() {
	for {
		page, ok := p.in.next()
		if !ok {
			return
		}
		_ = page
	}
}

// Spooler keeps the connected printers by name.
type Spooler struct {
	mu       sync.Mutex
	printers map[string]*printer
}

// NewSpooler returns a spooler with no printers.
func NewSpooler() *Spooler { return &Spooler{printers: make(map[string]*printer)} }

// Connect attaches a printer; a reconnect under the same name takes over.
func (s *Spooler) Connect(name string) {
	p := &printer{name: name, in: newTray()}
	s.mu.Lock()
	s.printers[name] = p // want "the object this store replaces keeps its goroutine `feed` running forever: `Connect` puts `p`, whose goroutine it starts, under a key of `s.printers` that may hold one, without calling `in.shut` on the old one"
	s.mu.Unlock()
	go p.feed()
}

// Close shuts every printer's tray.
func (s *Spooler) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.printers {
		p.in.shut()
	}
}
