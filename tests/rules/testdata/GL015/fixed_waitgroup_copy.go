package fixedwaitgroupcopy

import (
	"strings"
	"sync"
)

func upper(i int, words []string, wg *sync.WaitGroup) {
	defer wg.Done()
	words[i] = strings.ToUpper(words[i])
}

// UpperAll upper-cases every word, one goroutine each.
func UpperAll(words []string) []string {
	var wg sync.WaitGroup
	for i := range words {
		wg.Add(1)
		go upper(i, words, &wg)
	}
	wg.Wait()
	return words
}
