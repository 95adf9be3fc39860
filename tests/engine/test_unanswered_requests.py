"""Dropped requests (analysis/unanswered_requests.py, reported by GL022): a requester
waits for the answer to a request it sent to a serving goroutine of the package, and a
path of the server drops the request. The leaky shapes and their twins are idioms
(`idioms/13-dropped-request`) proved under goleak; here, the near misses each guard
keeps silent, one of them found on real code (etcd's `node.Status`)."""

from goleash.engine import analyze_source

SERVER = b"""package kv

import "errors"

type getRequest struct {
	key   string
	reply chan string
}

type Store struct {
	data map[string]string
	gets chan getRequest
	quit chan struct{}
}

func Start(data map[string]string) *Store {
	s := &Store{data: data, gets: make(chan getRequest), quit: make(chan struct{})}
	go s.serve()
	return s
}

func (s *Store) serve() {
	for {
		select {
		case req := <-s.gets:
			v, err := s.lookup(req.key)
			if err != nil {
				continue
			}
			req.reply <- v
		case <-s.quit:
			return
		}
	}
}

func (s *Store) lookup(key string) (string, error) {
	v, ok := s.data[key]
	if !ok {
		return "", errors.New("no such key")
	}
	return v, nil
}

func (s *Store) Get(key string) string {
	req := getRequest{key: key, reply: make(chan string)}
	s.gets <- req
	return <-req.reply
}

func (s *Store) Stop() { close(s.quit) }
"""

# etcd's node.Status: the answer is a statement of the case body, not the case itself.
ANSWERED_IN_THE_CASE_BODY = SERVER.replace(
    b"\t\t\tv, err := s.lookup(req.key)\n\t\t\tif err != nil {\n\t\t\t\tcontinue\n\t\t\t}\n", b""
).replace(b"\t\t\treq.reply <- v\n", b"\t\t\treq.reply <- s.data[req.key]\n")

# WAITS_WITHOUT_ESCAPE: the requester can stop waiting.
REQUESTER_CAN_LEAVE = SERVER.replace(
    b"\treturn <-req.reply\n",
    b'\tselect {\n\tcase v := <-req.reply:\n\t\treturn v\n\tcase <-s.quit:\n\t\treturn ""\n\t}\n',
)

# DROP_JUDGES_REQUEST: the server skips requests after looking at them.
SKIP_JUDGES_THE_REQUEST = SERVER.replace(
    b"\t\t\tif err != nil {\n", b'\t\t\tif err != nil && req.key == "" {\n'
)

# HANDOFF_ENDS_THE_TRAIL: the dropping path hands the request to code that may answer.
HANDED_TO_A_RETRY_QUEUE = (
    SERVER.replace(b"\t\t\t\tcontinue\n", b"\t\t\t\ts.retry(req)\n\t\t\t\tcontinue\n")
    + b'\nfunc (s *Store) retry(req getRequest) { go func() { req.reply <- "" }() }\n'
)

# PRIVATE_QUEUE: an exported request channel may be served by code we do not read.
EXPORTED_QUEUE = SERVER.replace(b"gets", b"Gets")


def _dropped(source: bytes):
    return [
        f
        for f in analyze_source(source, "kv.go").findings
        if f.code == "GL022" and "can be dropped" in f.message
    ]


def test_a_server_that_goes_on_without_answering_is_reported_at_the_wait():
    found = _dropped(SERVER)
    assert [(f.span.start.row + 1, f.span.start.column) for f in found] == [(48, 8)]
    f = found[0]
    assert "`serve` goes on to the next request at line 28 without answering it" in f.message
    assert [r.message for r in f.related][:2] == [
        "the request carrying `req.reply` is sent here",
        "the request is dropped here, unanswered",
    ]
    assert [x.title for x in f.fixes] == ["Answer the request before the `continue` at line 28"]


def test_an_answer_in_the_case_body_is_an_answer():
    assert ANSWERED_IN_THE_CASE_BODY != SERVER
    assert _dropped(ANSWERED_IN_THE_CASE_BODY) == []


def test_a_requester_that_can_leave_is_not_stuck():
    assert REQUESTER_CAN_LEAVE != SERVER
    assert _dropped(REQUESTER_CAN_LEAVE) == []


def test_a_skip_that_reads_the_request_is_the_servers_judgement():
    assert SKIP_JUDGES_THE_REQUEST != SERVER
    assert _dropped(SKIP_JUDGES_THE_REQUEST) == []


def test_a_request_handed_on_is_not_dropped():
    assert HANDED_TO_A_RETRY_QUEUE != SERVER
    assert _dropped(HANDED_TO_A_RETRY_QUEUE) == []


def test_an_exported_queue_is_not_judged():
    assert EXPORTED_QUEUE != SERVER
    assert _dropped(EXPORTED_QUEUE) == []
