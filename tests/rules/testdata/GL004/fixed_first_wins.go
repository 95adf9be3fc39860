package firstwins

func query(r string) string { return r }

func First(replicas []string) string {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func(r string) {
			ch <- query(r)
		}(r)
	}
	return <-ch
}
