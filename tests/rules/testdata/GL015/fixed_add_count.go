package addcount

import "sync"

// Load fetches the name and, when asked, the photo, in parallel.
func Load(withPhoto bool) (name, photo string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		name = "ann"
	}()
	if withPhoto {
		wg.Add(1)
		go func() {
			defer wg.Done()
			photo = "ann.png"
		}()
	}
	wg.Wait()
	return name, photo
}
