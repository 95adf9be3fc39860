// Generate counts every chunk, but its type switch has no case for text chunks: a
// text chunk starts no goroutine, and Wait waits for its Done forever.
package switchmissesone

import "sync"

// run: go (&linker{chunks: []chunk{{name: "notes", repr: &textRepr{}}}}).Generate()

type repr interface{ isRepr() }

type jsRepr struct{ src string }
type cssRepr struct{ rules []string }
type textRepr struct{ body string }

func (*jsRepr) isRepr()   {}
func (*cssRepr) isRepr()  {}
func (*textRepr) isRepr() {}

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
	wg.Wait() // want "`wg.Wait\\(\\)` blocks forever: `wg.Add` counts more goroutines than ever call `wg.Done\\(\\)` on some path"
}
