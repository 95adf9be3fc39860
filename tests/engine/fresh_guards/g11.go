package fp

import "sync"

type db11 struct{}
type batch11 struct{}

func (*db11) NewWriteBatch() *batch11 { return &batch11{} } // never nil
func (*batch11) Set(int)              {}

type xidMap11 struct {
	writer *batch11
	kvChan chan []int
	wg     sync.WaitGroup
}

func newXidMap11(db *db11) *xidMap11 {
	m := &xidMap11{kvChan: make(chan []int, 64)}
	if db != nil {
		m.writer = db.NewWriteBatch() // writer != nil  <=>  writers started
		m.wg.Add(1)
		go m.dbWriter()
	}
	return m
}

func (m *xidMap11) dbWriter() {
	defer m.wg.Done()
	for buf := range m.kvChan {
		for _, kv := range buf {
			m.writer.Set(kv)
		}
	}
}

func (m *xidMap11) Flush() {
	if m.writer == nil {
		return // no dbWriter goroutine was started
	}
	close(m.kvChan)
	m.wg.Wait()
}
