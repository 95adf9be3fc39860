package fixed_profile_page

import (
	"strings"
	"sync"
)

// run: go func() { _ = Build("ann", false) }()

// Page is a user's profile page, assembled from two backends.
type Page struct {
	Bio    string
	Avatar string
}

func fetchBio(user string) string    { return "about " + user }
func fetchAvatar(user string) string { return "/img/" + strings.ToLower(user) + ".png" }

// Build loads the bio and, if asked, the avatar in parallel.
func Build(user string, withAvatar bool) Page {
	var (
		wg sync.WaitGroup
		p  Page
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		p.Bio = fetchBio(user)
	}()
	if withAvatar {
		wg.Add(1) // counted only when this goroutine is started
		go func() {
			defer wg.Done()
			p.Avatar = fetchAvatar(user)
		}()
	}
	wg.Wait()
	return p
}
