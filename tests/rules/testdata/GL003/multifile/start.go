package multifile

// run: Spawn()

func Spawn() {
	jobs := make(chan string)
	go consume(jobs) // want "goroutine `consume` blocks forever receiving from `in` \\(`jobs`\\): nothing ever sends on or closes `jobs`"
}
