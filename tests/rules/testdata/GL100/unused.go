package unused

func served() int {
	ch := make(chan int)
	go func() { ch <- 1 }() //goleash:ignore GL003 nothing here leaks any more // want GL100 "unused suppression: no GL003 finding here to silence"
	return <-ch
}
