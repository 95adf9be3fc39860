// Generate counts every chunk, then starts one goroutine per chunk from a type switch
// with no default: the switch needs none, since repr is sealed (its method is
// unexported) and the switch lists every type of the package that has that method.
package sealedswitch

import "sync"

type repr interface{ isRepr() }

type jsRepr struct{ src string }
type cssRepr struct{ rules []string }

func (*jsRepr) isRepr()  {}
func (*cssRepr) isRepr() {}

type chunk struct {
	name string
	repr repr
}

type linker struct{ chunks []chunk }

func genJS(c *chunk, wg *sync.WaitGroup)  { defer wg.Done() }
func genCSS(c *chunk, wg *sync.WaitGroup) { defer wg.Done() }

func (l *linker) Generate() {
	var wg sync.WaitGroup
	wg.Add(len(l.chunks))
	for i := range l.chunks {
		switch l.chunks[i].repr.(type) {
		case *jsRepr:
			go genJS(&l.chunks[i], &wg)
		case *cssRepr:
			go genCSS(&l.chunks[i], &wg)
		}
	}
	wg.Wait()
}
