// Command etcd is etcd's server (go.etcd.io/etcd/server/v3, etcdmain), built by scripts/toolchain.sh at
// the version k8s.io/kubernetes itself requires, for the e2e suite's test API server.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
