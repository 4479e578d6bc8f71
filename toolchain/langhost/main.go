// Command pdstack-langhost is a minimal Pulumi language host for the PDStack e2e suite, installed as
// pulumi-language-nodejs and pulumi-language-python (the name it is started under picks the language).
//
// Why it exists: the Go module proxy serves the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3) but not
// the modules of Pulumi's own language hosts (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
// and .../sdk/python/cmd/pulumi-language-python/v3 answer "403 This module version is not available"),
// and no other registry this project may use ships them. This host implements only what the suite
// needs, on the LanguageRuntime protocol of github.com/pulumi/pulumi/sdk/v3/proto/go:
//
//   - Run: a Node.js program through @pulumi/pulumi's own entry point (cmd/run), a Python program
//     through python_exec.py beside this file (embedded);
//   - RunPlugin: a Node.js component provider (@pulumi/pulumi/cmd/run-plugin, as `pulumi package add`
//     of a source package starts it) and a Node.js policy pack (@pulumi/pulumi/cmd/run-policy-pack,
//     behind the SDK's PolicyProxy, which hands the pack the stack's configuration);
//   - GeneratePackage for Python (pkg/v3/codegen/python), for `pulumi package gen-sdk --language python`;
//   - the bookkeeping calls (GetPluginInfo, Handshake, GetRequiredPackages, About, ...) with empty
//     answers: every plugin the suite uses is on $PATH, and dependencies are installed beforehand.
//
// It does not install dependencies, pack, link or generate programs; those calls return Unimplemented.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
)

// version is what GetPluginInfo reports; the toolchain script sets it to the Pulumi version it builds.
var version = "0.0.0-dev"

func main() {
	language := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	if language != "nodejs" && language != "python" {
		fmt.Fprintf(os.Stderr, "pdstack-langhost: start me as pulumi-language-nodejs or pulumi-language-python, not %q\n", filepath.Base(os.Args[0]))
		os.Exit(2)
	}
	// The CLI passes [--logtostderr] [-v=N] [--tracing <endpoint>] <engine address>.
	var engine string
	for i := 1; i < len(os.Args); i++ {
		arg := os.Args[i]
		switch {
		case arg == "--version" || arg == "-version":
			fmt.Println(version)
			return
		case arg == "--tracing" || arg == "-tracing":
			i++
		case strings.HasPrefix(arg, "-"):
		default:
			engine = arg
		}
	}

	cancel := make(chan bool)
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: cancel,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, newHost(context.Background(), language, engine))
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: could not start the RPC server: %v\n", language, err)
		os.Exit(1)
	}
	// The CLI reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: RPC server stopped: %v\n", language, err)
		os.Exit(1)
	}
}
