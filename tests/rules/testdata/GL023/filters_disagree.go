// The loop that starts the goroutines skips nodes without a state directory, but
// the loop that collects their errors skips the nodes that are down instead: a
// node that is down but has a directory started a goroutine whose error nobody
// takes.
package cluster

type Node struct {
	Name     string
	StateDir string
	Down     bool
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
			errCh <- stopTPM(dir) // want "more values are sent on `errCh` than `DestroyTPMs` receives"
		}()
	}

	var first error
	for _, n := range nodes {
		if n.Down {
			continue
		}
		if err := <-errCh; err != nil && first == nil {
			first = err
		}
	}
	return first
}
