package fixed_sitestats

// run: go func() { _ = Collect([]Site{{Host: "a.example", Enabled: true}, {Host: "b.example"}, {Host: "c.example", Enabled: true}}) }()

// Site is one monitored web site; disabled sites are not polled.
type Site struct {
	Host    string
	Enabled bool
}

type sample struct {
	host   string
	status int
}

func poll(s Site) sample {
	return sample{host: s.Host, status: 200}
}
