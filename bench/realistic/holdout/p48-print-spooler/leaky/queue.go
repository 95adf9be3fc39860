package spool

import "container/heap"

// jobQueue orders jobs by priority, then by submission order.
type jobQueue []*Job

func (q jobQueue) Len() int { return len(q) }

func (q jobQueue) Less(i, j int) bool {
	a, b := q[i], q[j]
	return a.Priority > b.Priority || (a.Priority == b.Priority && a.seq < b.seq)
}

func (q jobQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index, q[j].index = i, j
}

func (q *jobQueue) Push(x interface{}) {
	j := x.(*Job)
	j.index = len(*q)
	*q = append(*q, j)
}

func (q *jobQueue) Pop() interface{} {
	old := *q
	j := old[len(old)-1]
	j.index = -1
	*q = old[:len(old)-1]
	return j
}

// remove takes j out of the queue if it is still waiting there.
func (q *jobQueue) remove(j *Job) bool {
	if j.index < 0 || j.index >= q.Len() || (*q)[j.index] != j {
		return false
	}
	heap.Remove(q, j.index)
	return true
}
