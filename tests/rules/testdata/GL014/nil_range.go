package nilrange

import "log"

// run: Watch()

func Watch() {
	var events chan string
	go func() {
		for e := range events { // want "`events` is nil \\(declared, never made\\): ranging over `events` blocks forever"
			log.Println(e)
		}
	}()
}
