package drainhelper

// run: _ = Find("a b c d", "b")

// Find returns the position of the first occurrence of word in text, or -1.
func Find(text, word string) int {
	i := 0
	for w := range words(text) { // want "goroutine blocks forever sending on `out` \(`words\(text\)`\) once `Find` stops consuming"
		if w == word {
			return i
		}
		i++
	}
	return -1
}
