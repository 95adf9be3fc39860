"""Run-time evidence of goroutine leaks: run a package's own tests and see what they leave.

`toolchain` finds the user's Go, `packages` asks it which packages a path holds,
`collector` is the Go test file injected with `go test -overlay` (the user's files
are never written), `stacks` parses goroutine dumps, `runner` builds and runs the
tests, `evidence` groups leaked goroutines by where they are stuck, and `merge`
joins them with the static findings of the same files.
"""
