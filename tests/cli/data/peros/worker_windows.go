package peros

func worker(ch chan int) {
	<-ch
}
