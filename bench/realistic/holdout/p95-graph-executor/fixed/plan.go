// Package dagexec executes query plans shaped as directed acyclic graphs
// of streaming operators. Every operator runs on its own goroutine and rows
// flow between operators over bounded channels; reads from the storage
// layer are limited to a configurable number running at once.
package dagexec

import (
	"errors"
	"fmt"
)

// Row is one record. Operators must treat rows they receive as read-only,
// since a row may be delivered to several consumers.
type Row map[string]any

// Node is a vertex of a plan: an operator and the IDs of the nodes whose
// output it consumes, in the order the operator expects its inputs.
type Node struct {
	ID     string
	Op     Operator
	Inputs []string
}

// Plan is a DAG of nodes. Output names the node whose rows are returned.
type Plan struct {
	Nodes  []Node
	Output string
}

// ErrInvalidPlan is wrapped by every plan validation error.
var ErrInvalidPlan = errors.New("dagexec: invalid plan")

// order validates the plan and returns its nodes in topological order.
func (p *Plan) order() ([]*Node, error) {
	byID := make(map[string]*Node, len(p.Nodes))
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.ID == "" || n.Op == nil {
			return nil, fmt.Errorf("%w: node %d needs an ID and an operator", ErrInvalidPlan, i)
		}
		if _, dup := byID[n.ID]; dup {
			return nil, fmt.Errorf("%w: duplicate node %q", ErrInvalidPlan, n.ID)
		}
		byID[n.ID] = n
	}
	if _, ok := byID[p.Output]; !ok {
		return nil, fmt.Errorf("%w: output node %q not found", ErrInvalidPlan, p.Output)
	}

	indegree := make(map[string]int, len(p.Nodes))
	consumers := make(map[string][]string)
	for _, n := range p.Nodes {
		for _, in := range n.Inputs {
			if _, ok := byID[in]; !ok {
				return nil, fmt.Errorf("%w: node %q reads unknown node %q", ErrInvalidPlan, n.ID, in)
			}
			indegree[n.ID]++
			consumers[in] = append(consumers[in], n.ID)
		}
	}

	var ready, sorted []string
	for _, n := range p.Nodes {
		if indegree[n.ID] == 0 {
			ready = append(ready, n.ID)
		}
	}
	for len(ready) > 0 {
		id := ready[0]
		ready = ready[1:]
		sorted = append(sorted, id)
		for _, c := range consumers[id] {
			indegree[c]--
			if indegree[c] == 0 {
				ready = append(ready, c)
			}
		}
	}
	if len(sorted) != len(p.Nodes) {
		return nil, fmt.Errorf("%w: cycle between operators", ErrInvalidPlan)
	}

	out := make([]*Node, len(sorted))
	for i, id := range sorted {
		out[i] = byID[id]
	}
	return out, nil
}
