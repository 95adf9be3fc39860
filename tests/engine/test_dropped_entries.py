"""analysis/dropped_entries.py: a worker's entry deleted from the map that keeps it
without the close the package gives it when it drops one elsewhere (GL008). Drawn from
the blind corpus's dev program p35 (a chat room whose Leave forgets to close the
member's queue)."""

from goleash.engine import analyze_source

ROOM = b"""package chat

import "sync"

type member struct {
	name string
	send chan string
}

func (m *member) writeLoop(out func(string)) {
	for msg := range m.send {
		out(msg)
	}
}

type Room struct {
	mu      sync.Mutex
	members map[string]*member
}

func (r *Room) Join(name string, out func(string)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := &member{name: name, send: make(chan string, 8)}
	r.members[name] = m
	go m.writeLoop(out)
}

func (r *Room) Leave(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.members[name]; !ok {
		return
	}
	delete(r.members, name)
}

func (r *Room) broadcast(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.members {
		select {
		case m.send <- msg:
		default:
			r.dropLocked(m)
		}
	}
}

func (r *Room) dropLocked(m *member) {
	delete(r.members, m.name)
	close(m.send)
}
"""

# The fix: Leave releases the entry the way dropLocked does.
LEAVE_RELEASES = ROOM.replace(
    b"\tif _, ok := r.members[name]; !ok {\n\t\treturn\n\t}\n\tdelete(r.members, name)\n",
    b"\tm, ok := r.members[name]\n\tif !ok {\n\t\treturn\n\t}\n\tr.dropLocked(m)\n",
)

# Nothing in the package ever closes a member's queue: not this analysis's question.
NEVER_RELEASED = ROOM.replace(b"\tclose(m.send)\n", b"")

# Leave hands the member on (to a grace-period reaper): it may be released there.
HANDED_ON = (
    ROOM.replace(
        b"\tif _, ok := r.members[name]; !ok {\n\t\treturn\n\t}\n\tdelete(r.members, name)\n",
        b"\tm, ok := r.members[name]\n\tif !ok {\n\t\treturn\n\t}\n\tdelete(r.members, name)\n"
        b"\treap(m)\n",
    )
    + b"\nfunc reap(m *member) {}\n"
)

# The member is also kept in a list, whose owner may close it.
ALSO_LISTED = ROOM.replace(
    b"\tmembers map[string]*member\n", b"\tmembers map[string]*member\n\tall []*member\n"
).replace(b"\tr.members[name] = m\n", b"\tr.members[name] = m\n\tr.all = append(r.all, m)\n")

# The worker removes itself on its way out: its entry is dropped after it has ended.
WORKER_LEAVES = ROOM.replace(
    b"\tsend chan string\n", b"\tsend chan string\n\troom *Room\n"
).replace(
    b"\tfor msg := range m.send {\n\t\tout(msg)\n\t}\n",
    b"\tfor msg := range m.send {\n\t\tout(msg)\n\t}\n\tm.room.Leave(m.name)\n",
)


def _dropped(source: bytes):
    return [
        f
        for f in analyze_source(source, "room.go").findings
        if f.code == "GL008" and "deletes its entry" in f.message
    ]


def test_an_entry_dropped_without_its_close_is_reported_at_the_range():
    found = _dropped(ROOM)
    assert [(f.span.start.row + 1, "`Leave` deletes its entry" in f.message) for f in found] == [
        (11, True)
    ]
    related = {r.location.span.start.row + 1 for r in found[0].related}
    assert {26, 35, 52} <= related  # the go statement, the drop, the package's own close


def test_a_drop_through_the_release_is_silent():
    assert LEAVE_RELEASES != ROOM
    assert _dropped(LEAVE_RELEASES) == []


def test_a_package_that_never_closes_a_queue_is_not_judged_here():
    assert NEVER_RELEASED != ROOM
    assert _dropped(NEVER_RELEASED) == []


def test_an_entry_handed_on_is_not_judged():
    assert HANDED_ON != ROOM
    assert _dropped(HANDED_ON) == []


def test_an_object_kept_elsewhere_too_is_not_judged():
    assert ALSO_LISTED != ROOM
    assert _dropped(ALSO_LISTED) == []


def test_a_worker_that_removes_itself_is_not_judged():
    assert WORKER_LEAVES != ROOM
    assert _dropped(WORKER_LEAVES) == []
