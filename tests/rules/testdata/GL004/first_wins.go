package firstwins

// run: _ = First([]string{"a", "b", "c"})

func query(r string) string { return r }

func First(replicas []string) string {
	ch := make(chan string)
	for _, r := range replicas {
		go func(r string) {
			ch <- query(r) // want "goroutine is started once per loop iteration and each blocks sending on `ch`, but `First` receives only once"
		}(r)
	}
	return <-ch
}
