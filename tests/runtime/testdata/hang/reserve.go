package hang

// reserved is how many more Done calls Run waits for than it has jobs.
var reserved int

// Reserve makes Run wait for n more Done calls.
func Reserve(n int) { reserved = n }
