package fresh

import "sync"

func hitJ2() {}

// The Add names a constant of the function; the loop counts the same number by hand
// (LOCAL_CONSTANTS): every Add is matched by a Done.
func hammerJ2() {
	const callers = 100
	var wg sync.WaitGroup
	wg.Add(callers)
	for range 100 {
		go func() {
			defer wg.Done()
			hitJ2()
		}()
	}
	wg.Wait()
}

// Two constants declared together, each read where it counts.
func fanJ2() {
	const workers, rounds = 4, 3
	var wg sync.WaitGroup
	wg.Add(workers * rounds)
	for r := 0; r < rounds; r++ {
		for w := 0; w < workers; w++ {
			go func() {
				defer wg.Done()
				hitJ2()
			}()
		}
	}
	wg.Wait()
}
