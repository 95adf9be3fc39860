package fieldrange

import "fmt"

// run: Run([]string{"a", "b"})

type printer struct {
	lines chan string
}

func (p printer) loop() {
	for l := range p.lines { // want "goroutine `loop` never finishes ranging over `p.lines` \\(`pr.lines`\\): `pr.lines` is sent on but never closed"
		fmt.Println(l)
	}
}

func (p printer) feed(xs []string) {
	for _, x := range xs {
		p.lines <- x
	}
}

func Run(xs []string) {
	pr := printer{lines: make(chan string)}
	go pr.loop()
	pr.feed(xs)
}
