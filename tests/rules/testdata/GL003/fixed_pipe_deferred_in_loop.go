package pipedeferredinloop

import (
	"io"
	"log"
)

type client interface {
	Put(name string, body io.Reader) (int64, error)
}

// UploadAll closes each reader by a defer registered in the loop before its writer
// starts: a failed upload still ends every writer (minio-go's functional tests).
func UploadAll(c client, names []string) {
	for i := 1; i <= len(names); i++ {
		pr, pw := io.Pipe()
		defer pr.Close()
		go func() {
			_, _ = pw.Write([]byte("test"))
			pw.Close()
		}()
		n, err := c.Put(names[i-1], pr)
		if err != nil {
			log.Println("upload failed", err)
			return
		}
		if n != 4 {
			log.Println("short upload", n)
			return
		}
	}
}
