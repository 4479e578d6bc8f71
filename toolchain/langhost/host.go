package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/pkg/v3/resource/plugin"
	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/protobuf/types/known/emptypb"
)

//go:embed python_exec.py
var pythonExec []byte

// Exit code with which @pulumi/pulumi and python_exec.py say the user already saw the error.
const bailExitCode = 32

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	language string
	mu       sync.Mutex
	engine   string
	cancel   context.Context
	stop     context.CancelFunc
}

func newHost(ctx context.Context, language, engine string) *host {
	cancel, stop := context.WithCancel(ctx)
	return &host{language: language, engine: engine, cancel: cancel, stop: stop}
}

func (h *host) engineAddress() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engine
}

func (h *host) Handshake(_ context.Context, req *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engine = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// GetRequiredPlugins and GetRequiredPackages answer "none": the suite puts every plugin on $PATH,
// where the CLI looks first (sdk/go/common/workspace/plugins.go, GetPluginPath), and downloads none.
func (h *host) GetRequiredPlugins(context.Context, *pulumirpc.GetRequiredPluginsRequest) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *host) GetRequiredPackages(context.Context, *pulumirpc.GetRequiredPackagesRequest) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *host) GetProgramDependencies(context.Context, *pulumirpc.GetProgramDependenciesRequest) (*pulumirpc.GetProgramDependenciesResponse, error) {
	return &pulumirpc.GetProgramDependenciesResponse{}, nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	return &pulumirpc.AboutResponse{Executable: h.runtimeName()}, nil
}

// InstallDependencies does nothing: the suite installs node_modules (npm ci) and the Python
// packages (pip) itself. It answers at once so that commands which ask for it go on.
func (h *host) InstallDependencies(*pulumirpc.InstallDependenciesRequest, pulumirpc.LanguageRuntime_InstallDependenciesServer) error {
	return nil
}

func (h *host) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	h.stop()
	return &emptypb.Empty{}, nil
}

func (h *host) runtimeName() string {
	if h.language == "python" {
		if p := os.Getenv("PULUMI_PYTHON_CMD"); p != "" {
			return p
		}
		return "python3"
	}
	return "node"
}

// Run runs the program of the stack and reports how it ended.
func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	info := req.GetInfo()
	if info == nil {
		return &pulumirpc.RunResponse{Error: "RunRequest without program info"}, nil
	}
	configJSON, err := h.configJSON(req.GetConfig())
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	secretKeys, err := json.Marshal(nonNil(req.GetConfigSecretKeys()))
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	var args []string
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	env := append(os.Environ(), "PULUMI_CONFIG="+configJSON, "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	if h.language == "nodejs" {
		run, err := locateNodeModule(info.GetProgramDirectory(), "@pulumi/pulumi/cmd/run")
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		args = append(args, run)
		flag("monitor", req.GetMonitorAddress())
		flag("engine", h.engineAddress())
		flag("organization", req.GetOrganization())
		flag("project", req.GetProject())
		flag("root-directory", info.GetRootDirectory())
		flag("stack", req.GetStack())
		flag("pwd", info.GetProgramDirectory())
		if req.GetDryRun() {
			args = append(args, "--dry-run")
		}
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
		if typescript(info) {
			env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
		}
	} else {
		shim, err := writePythonExec()
		if err != nil {
			return &pulumirpc.RunResponse{Error: err.Error()}, nil
		}
		defer os.Remove(shim)
		args = append(args, "-u", shim)
		flag("monitor", req.GetMonitorAddress())
		flag("engine", h.engineAddress())
		flag("organization", req.GetOrganization())
		flag("project", req.GetProject())
		flag("root_directory", info.GetRootDirectory())
		flag("stack", req.GetStack())
		flag("pwd", req.GetPwd())
		flag("dry_run", strconv.FormatBool(req.GetDryRun()))
		flag("parallel", strconv.Itoa(int(req.GetParallel())))
	}
	args = append(args, info.GetEntryPoint())
	args = append(args, req.GetArgs()...)

	runCtx, stop := context.WithCancel(h.cancel)
	defer stop()
	context.AfterFunc(ctx, stop)
	cmd := exec.CommandContext(runCtx, h.runtimeName(), args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 5 * time.Second
	cmd.Dir = req.GetPwd()
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			if exit.ExitCode() == bailExitCode {
				return &pulumirpc.RunResponse{Bail: true}, nil
			}
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run %s: %v", h.runtimeName(), err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// configJSON is the config bag as the SDKs read PULUMI_CONFIG: Node.js wants <namespace>:config:<name>
// keys (what @pulumi/pulumi has always read; newer SDKs read both), Python the keys as they are.
func (h *host) configJSON(cfg map[string]string) (string, error) {
	out := make(map[string]string, len(cfg))
	for k, v := range cfg {
		if h.language == "nodejs" {
			key, err := config.ParseKey(k)
			if err != nil {
				return "", err
			}
			k = key.Namespace() + ":config:" + key.Name()
		}
		out[k] = v
	}
	b, err := json.Marshal(out)
	return string(b), err
}

// RunPlugin runs a Node.js plugin: a component provider or (kind "analyzer") a policy pack.
func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if h.language != "nodejs" {
		return fmt.Errorf("pulumi-language-%s of the PDStack e2e toolchain runs no plugins", h.language)
	}
	ctx := server.Context()
	info := req.GetInfo()
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	analyzer := req.GetKind() == "analyzer"
	entry := "@pulumi/pulumi/cmd/run-plugin"
	if analyzer {
		entry = "@pulumi/pulumi/cmd/run-policy-pack"
	}
	run, err := locateNodeModule(info.GetProgramDirectory(), entry)
	if err != nil {
		return err
	}
	env := req.GetEnv()
	if typescript(info) {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	args := []string{run}
	// A policy pack takes its directory last, a component provider first (as @pulumi/pulumi reads them).
	if analyzer {
		args = append(append(args, req.GetArgs()...), info.GetProgramDirectory())
	} else {
		args = append(append(args, info.GetProgramDirectory()), req.GetArgs()...)
	}

	var proxy *sdk.PolicyProxy
	if analyzer {
		// The engine configures the analyzer with the stack before the pack starts; the proxy takes that
		// call and hands organization, project, stack and config to the pack's environment.
		proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout)
		if err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		cfg, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration: %w", err)
		}
		if cfg != nil {
			add := func(k, v string) {
				if v != "" {
					env = append(env, k+"="+v)
				}
			}
			add("PULUMI_NODEJS_ORGANIZATION", cfg.GetOrganization())
			add("PULUMI_NODEJS_PROJECT", cfg.GetProject())
			add("PULUMI_NODEJS_STACK", cfg.GetStack())
			add("PULUMI_NODEJS_DRY_RUN", strconv.FormatBool(cfg.GetDryRun()))
			if cfg.GetConfig() != nil {
				b, err := json.Marshal(cfg.GetConfig())
				if err != nil {
					return err
				}
				add("PULUMI_CONFIG", string(b))
			}
		}
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = req.GetPwd()
	if analyzer {
		cmd.Dir = info.GetProgramDirectory()
	}
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = stdout, stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start node: %w", err)
	}
	if proxy != nil {
		if err := proxy.Attach(ctx, cmd); err != nil {
			return fmt.Errorf("could not attach the policy pack proxy: %w", err)
		}
	} else if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return fmt.Errorf("Program exited with non-zero exit code: %d", exit.ExitCode())
		}
		return err
	}
	return closer.Close()
}

// GeneratePackage writes a Python SDK for a schema (pulumi package gen-sdk --language python).
func (h *host) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	if h.language != "python" {
		return nil, fmt.Errorf("pulumi-language-%s of the PDStack e2e toolchain generates no SDKs", h.language)
	}
	loader, err := schema.NewLoaderClient(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, schema.NewCachedLoader(loader), schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	rpcDiags := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
	}
	files, err := python.GeneratePackage("pulumi-language-python", pkg, req.GetExtraFiles(), schema.NewCachedLoader(loader))
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		out := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return nil, err
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: rpcDiags}, nil
}

// typescript is the nodejs runtime option `typescript` (default true, as Pulumi's own host has it).
func typescript(info *pulumirpc.ProgramInfo) bool {
	if opts := info.GetOptions(); opts != nil {
		if v, ok := opts.AsMap()["typescript"].(bool); ok {
			return v
		}
	}
	return true
}

// locateNodeModule finds a module directory (with its index.js) in node_modules from dir upwards.
func locateNodeModule(dir, module string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		candidate := filepath.Join(d, "node_modules", module)
		if _, err := os.Stat(filepath.Join(candidate, "index.js")); err == nil {
			return candidate, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("could not find %s in node_modules of %s or a folder above it: run npm ci", module, dir)
		}
	}
}

func writePythonExec() (string, error) {
	f, err := os.CreateTemp("", "pdstack-python-exec-*.py")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(pythonExec); err != nil {
		return "", err
	}
	return f.Name(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
