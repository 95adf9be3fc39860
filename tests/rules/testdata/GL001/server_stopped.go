package serverstopped

// Queue answers in a select that also watches its stop channel, and the caller stops
// waiting only when the queue itself has stopped: no answer is ever stranded.

type ask struct {
	n     int
	reply chan int
}

type Queue struct {
	asks chan ask
	done chan struct{}
}

func NewQueue() *Queue {
	q := &Queue{asks: make(chan ask), done: make(chan struct{})}
	go q.loop()
	return q
}

func (q *Queue) loop() {
	for {
		select {
		case a := <-q.asks:
			select {
			case a.reply <- a.n * 2:
			case <-q.done:
				return
			}
		case <-q.done:
			return
		}
	}
}

func (q *Queue) Close() { close(q.done) }

func (q *Queue) Double(n int) (int, bool) {
	reply := make(chan int)
	select {
	case q.asks <- ask{n: n, reply: reply}:
	case <-q.done:
		return 0, false
	}
	select {
	case v := <-reply:
		return v, true
	case <-q.done:
		return 0, false
	}
}
