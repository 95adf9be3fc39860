package fixed_mirror

import "fmt"

// run: _, _ = Mirror([]string{"huge/monorepo", "huge/frontend", "small/lib"}, 1<<20)

type archive struct {
	repo string
	size int
}

func download(repo string) (archive, error) {
	size := 4 << 10
	if len(repo) > 12 {
		size = 8 << 20
	}
	return archive{repo: repo, size: size}, nil
}

// Mirror downloads every repository and refuses the batch if one is over limit bytes.
func Mirror(repos []string, limit int) ([]archive, error) {
	var g group
	// One slot per repository: no download waits for a reader that may have given up.
	archives := make(chan archive, len(repos))
	for _, r := range repos {
		repo := r
		g.Go(func() error {
			a, err := download(repo)
			if err != nil {
				return err
			}
			archives <- a
			return nil
		})
	}
	var out []archive
	for range repos {
		a := <-archives
		if a.size > limit {
			return nil, fmt.Errorf("%s is %d bytes, over the %d limit", a.repo, a.size, limit)
		}
		out = append(out, a)
	}
	return out, g.Wait()
}
