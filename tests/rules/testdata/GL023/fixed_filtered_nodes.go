// Only nodes with a state directory run a TPM process, so both loops skip the
// others with the same test: one goroutine is started, and one error received,
// per node that passes it (FILTERED_RANGE).
package cluster

type Node struct {
	Name     string
	StateDir string
}

func stopTPM(dir string) error { return nil }

func DestroyTPMs(nodes []Node) error {
	errCh := make(chan error)
	for _, node := range nodes {
		if node.StateDir == "" {
			continue
		}
		dir := node.StateDir
		go func() {
			errCh <- stopTPM(dir)
		}()
	}

	var first error
	for _, n := range nodes {
		// the same nodes as above
		if n.StateDir == "" {
			continue
		}
		if err := <-errCh; err != nil && first == nil {
			first = err
		}
	}
	return first
}
