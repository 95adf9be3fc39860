package fixed_shard_check

import "fmt"

// run: _ = CheckShards([]string{"s0", "s1", "s2", "s3", "s4"})

func checkShard(name string) error {
	return fmt.Errorf("shard %s: replica lag too high", name)
}

// CheckShards checks every shard concurrently and reports the first failure.
func CheckShards(shards []string) error {
	// One slot per shard, not per expected cluster size: we may stop reading at the first error.
	errs := make(chan error, len(shards))
	for _, s := range shards {
		go func(name string) {
			errs <- checkShard(name)
		}(s)
	}
	for range shards {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}
