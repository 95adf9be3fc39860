package shard_check

import "fmt"

// run: _ = CheckShards([]string{"s0", "s1", "s2", "s3", "s4"})

// maxShards is how many shards a cluster had when this was written.
const maxShards = 3

func checkShard(name string) error {
	return fmt.Errorf("shard %s: replica lag too high", name)
}

// CheckShards checks every shard concurrently and reports the first failure.
func CheckShards(shards []string) error {
	errs := make(chan error, maxShards)
	for _, s := range shards {
		go func(name string) {
			errs <- checkShard(name) // want "blocks forever"
		}(s)
	}
	for range shards {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
