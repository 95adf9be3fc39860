package nolintunused

func fine() int {
	ch := make(chan int, 1)
	ch <- 1 //nolint:goleash // want GL100 "unused suppression: no goleash finding here"
	return <-ch
}
