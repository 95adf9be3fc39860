package addcount

import "sync"

// run: go Load(false)

// Load fetches the name and, when asked, the photo, in parallel.
func Load(withPhoto bool) (name, photo string) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		name = "ann"
	}()
	if withPhoto {
		go func() {
			defer wg.Done()
			photo = "ann.png"
		}()
	}
	wg.Wait() // want "`wg.Wait\(\)` blocks forever"
	return name, photo
}
