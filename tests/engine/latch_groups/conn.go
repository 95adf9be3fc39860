package latch

import (
	"net"
	"sync"
	"sync/atomic"
)

type Conn struct {
	conn     net.Conn
	closing  uint32
	mu       sync.Mutex
	starting bool
	wgClose  sync.WaitGroup
	messages chan []byte
}

func (l *Conn) Start() {
	l.wgClose.Add(1)
	go l.reader()
}

func (l *Conn) reader() {
	cleanstop := false
	defer func() {
		if !cleanstop {
			l.Close()
		}
	}()
	buf := make([]byte, 64)
	for {
		if cleanstop {
			return
		}
		n, err := l.conn.Read(buf)
		if err != nil {
			return
		}
		l.mu.Lock()
		if l.starting {
			cleanstop = true
		}
		l.mu.Unlock()
		if !l.forward(buf[:n]) {
			return
		}
	}
}

func (l *Conn) forward(b []byte) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if atomic.LoadUint32(&l.closing) == 1 {
		return false
	}
	l.messages <- b
	return true
}

func (l *Conn) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if atomic.CompareAndSwapUint32(&l.closing, 0, 1) {
		l.conn.Close()
		l.wgClose.Done()
	}
	l.wgClose.Wait()
}
