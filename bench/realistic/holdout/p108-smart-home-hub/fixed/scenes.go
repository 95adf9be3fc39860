package homehub

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrUnknownScene is returned when activating a scene that does not exist.
var ErrUnknownScene = errors.New("homehub: unknown scene")

// Action is one command of a scene.
type Action struct {
	DeviceID string
	Command  Command
}

// Scene is a named set of commands applied together, such as "movie night".
type Scene struct {
	Name    string
	Actions []Action
}

// Trigger matches device events. An empty Value matches any value.
type Trigger struct {
	DeviceID  string
	Attribute string
	Value     string
}

func (t Trigger) matches(ev Event) bool {
	return t.DeviceID == ev.DeviceID && t.Attribute == ev.Attribute && (t.Value == "" || t.Value == ev.Value)
}

// Automation activates a scene whenever its trigger matches an event.
type Automation struct {
	Name  string
	When  Trigger
	Scene string
}

// SetScene creates or replaces a scene.
func (h *Hub) SetScene(s Scene) error {
	if s.Name == "" || len(s.Actions) == 0 {
		return errors.New("homehub: scene needs a name and at least one action")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	h.scenes[s.Name] = s
	return nil
}

// AddAutomation registers a. Its scene must already exist.
func (h *Hub) AddAutomation(a Automation) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if _, ok := h.scenes[a.Scene]; !ok {
		return fmt.Errorf("%w: %q", ErrUnknownScene, a.Scene)
	}
	h.automations = append(h.automations, a)
	return nil
}

func (h *Hub) triggered(ev Event) []Automation {
	h.mu.RLock()
	defer h.mu.RUnlock()
	var out []Automation
	for _, a := range h.automations {
		if a.When.matches(ev) {
			out = append(out, a)
		}
	}
	return out
}

// ActivateScene sends every command of the named scene in parallel. It
// returns the first failure, after all commands have finished.
func (h *Hub) ActivateScene(ctx context.Context, name string) error {
	h.mu.RLock()
	scene, ok := h.scenes[name]
	devs := make([]Device, len(scene.Actions))
	for i, act := range scene.Actions {
		if dh, found := h.devices[act.DeviceID]; found {
			devs[i] = dh.dev
		}
	}
	h.mu.RUnlock()
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownScene, name)
	}

	errs := make([]error, len(scene.Actions))
	var wg sync.WaitGroup
	for i, act := range scene.Actions {
		if devs[i] == nil {
			errs[i] = fmt.Errorf("%w: %s", ErrUnknownDevice, act.DeviceID)
			continue
		}
		wg.Add(1)
		go func(i int, act Action) {
			defer wg.Done()
			if err := devs[i].Execute(ctx, act.Command); err != nil {
				errs[i] = fmt.Errorf("%s %s=%s: %w", act.DeviceID, act.Command.Attribute, act.Command.Value, err)
			}
		}(i, act)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return fmt.Errorf("scene %q: %w", name, err)
		}
	}
	return nil
}
