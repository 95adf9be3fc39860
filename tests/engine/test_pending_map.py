"""PENDING_MAP (analysis/reply_channels.py): a reply channel kept in a map of pending
calls, answered by the goroutine that reads responses, and abandoned by a caller that
gives up on its context. The reader's plain send then blocks for good, and every later
response with it. Drawn from the blind corpus's dev program p33 (an RPC multiplexer)."""

from goleash.engine import analyze_source

CLIENT = b"""package rpcmux

import (
	"context"
	"sync"
)

type reply struct {
	id   uint64
	body string
}

type Client struct {
	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan reply
	in      chan reply
}

func NewClient() *Client {
	c := &Client{pending: make(map[uint64]chan reply), in: make(chan reply)}
	go c.readLoop()
	return c
}

func (c *Client) Call(ctx context.Context) (string, error) {
	ch := make(chan reply)
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.pending[id] = ch
	c.mu.Unlock()
	select {
	case r := <-ch:
		return r.body, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (c *Client) readLoop() {
	for rep := range c.in {
		c.mu.Lock()
		ch, ok := c.pending[rep.id]
		delete(c.pending, rep.id)
		c.mu.Unlock()
		if ok {
			ch <- rep
		}
	}
}
"""

# The fix: room for the reply even when the caller has gone.
BUFFERED = CLIENT.replace(b"\tch := make(chan reply)\n", b"\tch := make(chan reply, 1)\n")

# The reader gives up too when nobody takes the reply.
READER_SELECTS = CLIENT.replace(
    b"\t\t\tch <- rep\n", b"\t\t\tselect {\n\t\t\tcase ch <- rep:\n\t\t\tdefault:\n\t\t\t}\n"
)

# The caller waits for its reply whatever happens: nothing is abandoned.
CALLER_WAITS = CLIENT.replace(
    b"\tselect {\n\tcase r := <-ch:\n\t\treturn r.body, nil\n\tcase <-ctx.Done():\n"
    b'\t\treturn "", ctx.Err()\n\t}\n',
    b"\tr := <-ch\n\treturn r.body, nil\n",
)

# Giving up, the caller takes its entry back under the reader's lock; when the reader
# already holds it, the caller waits for the reply it is about to send.
TAKES_ITS_ENTRY_BACK = CLIENT.replace(
    b'\tcase <-ctx.Done():\n\t\treturn "", ctx.Err()\n',
    b'\tcase <-ctx.Done():\n\t\tif !c.forget(id) {\n\t\t\t<-ch\n\t\t}\n\t\treturn "", ctx.Err()\n',
) + (
    b"\nfunc (c *Client) forget(id uint64) bool {\n\tc.mu.Lock()\n\tdefer c.mu.Unlock()\n"
    b"\t_, ok := c.pending[id]\n\tdelete(c.pending, id)\n\treturn ok\n}\n"
)

# The pending entry carries a struct whose `done` channel is the reply.
CALL_STRUCT = (
    CLIENT.replace(b"pending map[uint64]chan reply", b"pending map[uint64]*call")
    .replace(b"make(map[uint64]chan reply)", b"make(map[uint64]*call)")
    .replace(b"\tch := make(chan reply)\n", b"\tcl := &call{done: make(chan reply)}\n")
    .replace(b"\tc.pending[id] = ch\n", b"\tc.pending[id] = cl\n")
    .replace(b"\tcase r := <-ch:\n", b"\tcase r := <-cl.done:\n")
    .replace(b"\t\tch, ok := c.pending[rep.id]\n", b"\t\tcl, ok := c.pending[rep.id]\n")
    .replace(b"\t\t\tch <- rep\n", b"\t\t\tcl.done <- rep\n")
    + b"\ntype call struct {\n\tdone chan reply\n}\n"
)


def _abandoned(source: bytes):
    return [f for f in analyze_source(source, "client.go").findings if f.code == "GL001"]


def test_the_readers_send_to_a_caller_that_gave_up_is_reported():
    found = _abandoned(CLIENT)
    assert [(f.span.start.row + 1, "sending on `ch`" in f.message) for f in found] == [(48, True)]
    related = {r.location.span.start.row + 1 for r in found[0].related}
    assert {22, 27, 36} <= related  # the go statement, the make, the case that gives up


def test_a_reply_carried_in_a_pending_struct_is_reported():
    assert CALL_STRUCT != CLIENT
    found = _abandoned(CALL_STRUCT)
    assert [f.span.start.row + 1 for f in found] == [48]


def test_a_buffered_reply_is_silent():
    assert BUFFERED != CLIENT
    assert _abandoned(BUFFERED) == []


def test_a_reader_that_gives_up_is_silent():
    assert READER_SELECTS != CLIENT
    assert _abandoned(READER_SELECTS) == []


def test_a_caller_that_always_waits_is_silent():
    assert CALLER_WAITS != CLIENT
    assert _abandoned(CALLER_WAITS) == []


def test_a_caller_that_takes_its_entry_back_when_giving_up_is_silent():
    assert TAKES_ITS_ENTRY_BACK != CLIENT
    assert _abandoned(TAKES_ITS_ENTRY_BACK) == []
