package fp

type blocked16 struct {
	enabled bool
	stopCh  chan struct{}
}

func newBlocked16() *blocked16 { return &blocked16{stopCh: make(chan struct{})} }

func (b *blocked16) SetEnabled(enabled bool) {
	if b.enabled == enabled {
		return
	}
	if enabled {
		go b.prune(b.stopCh)
	} else {
		close(b.stopCh) // releases prune before flush swaps the channel
	}
	b.enabled = enabled
	if !enabled {
		b.flush()
	}
}

// flush's only caller is SetEnabled(false), which has already closed stopCh.
func (b *blocked16) flush() {
	b.stopCh = make(chan struct{})
}

func (b *blocked16) prune(stopCh <-chan struct{}) {
	<-stopCh
}
