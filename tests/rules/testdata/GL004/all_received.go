package allreceived

func query(r string) string { return r }

// Every sender is received: no leak.
func All(replicas []string) []string {
	ch := make(chan string)
	for _, r := range replicas {
		go func(r string) { ch <- query(r) }(r)
	}
	var out []string
	for range replicas {
		out = append(out, <-ch)
	}
	return out
}

// Buffered to the number of senders: no leak.
func First(replicas []string) string {
	ch := make(chan string, len(replicas))
	for _, r := range replicas {
		go func(r string) { ch <- query(r) }(r)
	}
	return <-ch
}
