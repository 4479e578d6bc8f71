/**
 * A throwaway Kubernetes control plane on 127.0.0.1 for the e2e suite: etcd, kube-apiserver,
 * kube-controller-manager and kube-scheduler from the toolchain (scripts/toolchain.sh), with a
 * generated service-account key pair, a static admin token and a kubeconfig; plus fake GPU nodes
 * (Node objects whose status advertises nvidia.com/gpu and rdma/ib) so that the scheduler places
 * the pods of the Deployments under test. No kubelet runs: pods are bound, never started.
 *
 * Every process runs in its own process group and is killed with it on stop() (and on exit of the
 * test process); every wait is bounded and fails with what the process printed last.
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";

/** How long one component may take to answer after its start (a loaded 2-core machine included). */
const START_TIMEOUT_MS = 180_000;

export interface KubeResponse {
    status: number;
    body: any;
}

/** A free TCP port on 127.0.0.1 (closed again at once; the caller binds it next). */
export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

class Proc {
    readonly log: string;
    private readonly child: ChildProcess;
    private exited: string | undefined;

    constructor(
        readonly name: string,
        bin: string,
        args: string[],
        dir: string,
    ) {
        this.log = path.join(dir, `${name}.log`);
        const out = fs.openSync(this.log, "a");
        // detached: its own process group, which stop() kills whole.
        this.child = spawn(bin, args, { cwd: dir, stdio: ["ignore", out, out], detached: true });
        fs.closeSync(out);
        this.child.on("exit", (code, signal) => (this.exited = `exited with ${signal ?? code}`));
        this.child.on("error", (err) => (this.exited = `could not start: ${err.message}`));
    }

    get pid(): number | undefined {
        return this.child.pid;
    }

    /** Why the process is gone, or undefined while it runs. */
    get gone(): string | undefined {
        return this.exited;
    }

    tail(lines = 15): string {
        try {
            return fs.readFileSync(this.log, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
        } catch {
            return "(no log)";
        }
    }

    async stop(): Promise<void> {
        if (this.exited || this.child.pid === undefined) {
            return;
        }
        const done = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        killGroup(this.child.pid, "SIGTERM");
        const timer = setTimeout(() => killGroup(this.child.pid!, "SIGKILL"), 10_000);
        await done;
        clearTimeout(timer);
    }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-pid, signal);
    } catch {
        // already gone
    }
}

const STORAGE_CLASSES = "/apis/storage.k8s.io/v1/storageclasses";

const running = new Set<TestCluster>();
process.on("exit", () => {
    for (const c of running) {
        c.killNow();
    }
});

export interface ClusterOptions {
    /** Folder of the toolchain binaries (scripts/toolchain.sh prints it). */
    bin: string;
    /** Folder for data, keys, logs and the kubeconfig (removed by the caller). */
    dir: string;
}

export class TestCluster {
    readonly kubeconfig: string;
    readonly token = crypto.randomBytes(24).toString("hex");
    server = "";
    private ca = "";
    private readonly procs: Proc[] = [];

    private constructor(private readonly opts: ClusterOptions) {
        this.kubeconfig = path.join(opts.dir, "kubeconfig.yaml");
    }

    /** Starts etcd, the API server, the controller manager and the scheduler; resolves when all serve. */
    static async start(opts: ClusterOptions): Promise<TestCluster> {
        const cluster = new TestCluster(opts);
        running.add(cluster);
        try {
            await cluster.boot();
        } catch (err) {
            await cluster.stop();
            throw err;
        }
        return cluster;
    }

    private async boot(): Promise<void> {
        const { bin, dir } = this.opts;
        fs.mkdirSync(dir, { recursive: true });
        const file = (name: string, content: string, mode = 0o600) => {
            const p = path.join(dir, name);
            fs.writeFileSync(p, content, { mode });
            return p;
        };
        const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
        const saPub = file("sa.pub", publicKey.export({ type: "spki", format: "pem" }) as string);
        const saKey = file("sa.key", privateKey.export({ type: "pkcs8", format: "pem" }) as string);
        const tokens = file("tokens.csv", `${this.token},admin,admin,system:masters\n`);
        const certDir = path.join(dir, "pki");
        fs.mkdirSync(certDir, { recursive: true });

        const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
        const etcd = this.spawn("etcd", path.join(bin, "etcd"), [
            "--name=e2e",
            `--data-dir=${path.join(dir, "etcd")}`,
            `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
            `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
            `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
            `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
            "--unsafe-no-fsync", // a test cluster: speed over durability
            "--log-level=warn",
        ]);
        await this.waitFor(etcd, "etcd to serve", async () => (await get(`http://127.0.0.1:${etcdClient}/health`)).includes('"health":"true"'));

        const api = this.spawn("kube-apiserver", path.join(bin, "kube-apiserver"), [
            `--etcd-servers=http://127.0.0.1:${etcdClient}`,
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            `--secure-port=${apiPort}`,
            `--cert-dir=${certDir}`, // a self-signed serving certificate for localhost/127.0.0.1
            `--token-auth-file=${tokens}`,
            "--authorization-mode=Node,RBAC",
            `--service-account-key-file=${saPub}`,
            `--service-account-signing-key-file=${saKey}`,
            "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
            "--service-cluster-ip-range=10.96.0.0/16",
            "--allow-privileged=true",
            "--enable-priority-and-fairness=false",
            "--endpoint-reconciler-type=none",
            "--v=1",
        ]);
        this.server = `https://127.0.0.1:${apiPort}`;
        await this.waitFor(api, "the API server's serving certificate", async () => fs.existsSync(path.join(certDir, "apiserver.crt")));
        this.ca = fs.readFileSync(path.join(certDir, "apiserver.crt"), "utf8");
        await this.waitFor(api, "the API server to be ready (/readyz)", async () => (await this.request("GET", "/readyz")).status === 200);
        this.writeKubeconfig();

        const cm = this.spawn("kube-controller-manager", path.join(bin, "kube-controller-manager"), [
            `--kubeconfig=${this.kubeconfig}`,
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            `--secure-port=${await freePort()}`,
            `--service-account-private-key-file=${saKey}`,
            `--root-ca-file=${path.join(certDir, "apiserver.crt")}`,
            "--use-service-account-credentials=false",
            // No node lifecycle controller: it would taint the fake nodes unreachable (no kubelet heartbeats).
            "--controllers=*,-node-lifecycle-controller,-node-ipam-controller",
            "--v=1",
        ]);
        const schedPort = await freePort();
        const sched = this.spawn("kube-scheduler", path.join(bin, "kube-scheduler"), [
            `--kubeconfig=${this.kubeconfig}`,
            `--authentication-kubeconfig=${this.kubeconfig}`,
            `--authorization-kubeconfig=${this.kubeconfig}`,
            "--leader-elect=false",
            "--bind-address=127.0.0.1",
            `--secure-port=${schedPort}`,
            "--v=1",
        ]);
        // The controller manager is up once its service-account controller made the default ServiceAccount.
        await this.waitFor(cm, "the controller manager (default ServiceAccount)", async () => (await this.request("GET", "/api/v1/namespaces/default/serviceaccounts/default")).status === 200);
        await this.waitFor(sched, "the scheduler (/healthz)", async () => (await get(`https://127.0.0.1:${schedPort}/healthz`)) === "ok");
    }

    private spawn(name: string, bin: string, args: string[]): Proc {
        if (!fs.existsSync(bin)) {
            throw new Error(`${bin} does not exist: run scripts/toolchain.sh`);
        }
        const p = new Proc(name, bin, args, this.opts.dir);
        this.procs.push(p);
        return p;
    }

    private async waitFor(proc: Proc, what: string, ready: () => Promise<boolean>): Promise<void> {
        const deadline = Date.now() + START_TIMEOUT_MS;
        let last = "";
        while (Date.now() < deadline) {
            if (proc.gone) {
                throw new Error(`${proc.name} ${proc.gone} while waiting for ${what}; its log ends:\n${proc.tail()}`);
            }
            try {
                if (await ready()) {
                    return;
                }
            } catch (err) {
                last = (err as Error).message;
            }
            await new Promise((r) => setTimeout(r, 250));
        }
        throw new Error(`timed out after ${START_TIMEOUT_MS / 1000}s waiting for ${what}${last ? ` (last error: ${last})` : ""}; ${proc.name}'s log ends:\n${proc.tail()}`);
    }

    private writeKubeconfig(): void {
        const ca = Buffer.from(this.ca).toString("base64");
        fs.writeFileSync(
            this.kubeconfig,
            [
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                `- name: e2e\n  cluster:\n    server: ${this.server}\n    certificate-authority-data: ${ca}`,
                "users:",
                `- name: admin\n  user:\n    token: ${this.token}`,
                "contexts:",
                "- name: e2e\n  context:\n    cluster: e2e\n    user: admin",
                "current-context: e2e",
                "",
            ].join("\n"),
            { mode: 0o600 },
        );
    }

    /** One request to the API server as the admin; the body is JSON (parsed) or text. */
    request(method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<KubeResponse> {
        return new Promise((resolve, reject) => {
            const data = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
            const req = https.request(
                `${this.server}${urlPath}`,
                {
                    method,
                    ca: this.ca || undefined,
                    rejectUnauthorized: this.ca !== "",
                    headers: {
                        authorization: `Bearer ${this.token}`,
                        accept: "application/json",
                        ...(data !== undefined ? { "content-type": contentType, "content-length": Buffer.byteLength(data) } : {}),
                    },
                    timeout: 30_000,
                },
                (res) => {
                    let text = "";
                    res.setEncoding("utf8");
                    res.on("data", (c) => (text += c));
                    res.on("end", () => {
                        let parsed: unknown = text;
                        try {
                            parsed = JSON.parse(text);
                        } catch {
                            // not JSON (readyz)
                        }
                        resolve({ status: res.statusCode ?? 0, body: parsed });
                    });
                },
            );
            req.on("timeout", () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
            req.on("error", reject);
            if (data !== undefined) {
                req.write(data);
            }
            req.end();
        });
    }

    /** GET that fails with the API server's message unless the status is 200. */
    async get(urlPath: string): Promise<any> {
        const r = await this.request("GET", urlPath);
        if (r.status !== 200) {
            throw new Error(`GET ${urlPath}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
        }
        return r.body;
    }

    /** Creates CustomResourceDefinitions (from files the tests hold) and waits until each is Established. */
    async applyCrds(crds: any[]): Promise<void> {
        for (const crd of crds) {
            if (crd?.kind !== "CustomResourceDefinition") {
                throw new Error(`applyCrds takes CustomResourceDefinitions, not ${crd?.kind}`);
            }
            const r = await this.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
            if (r.status !== 201 && r.status !== 409) {
                throw new Error(`create CRD ${crd.metadata.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
            }
        }
        for (const crd of crds) {
            await this.waitEstablished(crd.metadata.name);
        }
    }

    /** Waits (bounded) until a CRD is Established, so objects of its kind can be created. */
    async waitEstablished(name: string): Promise<void> {
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline) {
            const r = await this.request("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
            if (r.status === 200 && (r.body.status?.conditions ?? []).some((c: any) => c.type === "Established" && c.status === "True")) {
                return;
            }
            await new Promise((res) => setTimeout(res, 250));
        }
        throw new Error(`CRD ${name} not Established within 60s`);
    }

    /** A StorageClass of this provisioner (no provisioner runs here: only the object is there, for reads and for claims). */
    async addStorageClass(name: string, provisioner: string): Promise<void> {
        const created = await this.request("POST", STORAGE_CLASSES, { apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner });
        if (created.status !== 201) {
            throw new Error(`create storage class ${name}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
        }
    }

    async removeStorageClass(name: string): Promise<void> {
        await this.request("DELETE", `${STORAGE_CLASSES}/${name}`);
    }

    /**
     * A fake GPU node: a Node object (no kubelet) whose status is Ready and advertises the given
     * capacity, e.g. { "nvidia.com/gpu": "8", "rdma/ib": "8" }; the scheduler places pods on it.
     */
    async addNode(name: string, extended: Record<string, string>, labels: Record<string, string> = {}): Promise<void> {
        const created = await this.request("POST", "/api/v1/nodes", { apiVersion: "v1", kind: "Node", metadata: { name, labels: { "kubernetes.io/hostname": name, ...labels } } });
        if (created.status !== 201) {
            throw new Error(`create node ${name}: ${created.status} ${JSON.stringify(created.body).slice(0, 300)}`);
        }
        const capacity = { cpu: "224", memory: "2000Gi", pods: "110", "ephemeral-storage": "1000Gi", ...extended };
        const now = new Date().toISOString();
        const status = {
            status: {
                capacity,
                allocatable: capacity,
                conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "fake node of the e2e suite", lastHeartbeatTime: now, lastTransitionTime: now }],
            },
        };
        const patched = await this.request("PATCH", `/api/v1/nodes/${name}/status`, status, "application/merge-patch+json");
        if (patched.status !== 200) {
            throw new Error(`patch node ${name} status: ${patched.status} ${JSON.stringify(patched.body).slice(0, 300)}`);
        }
        // The API server's TaintNodesByCondition admission gives a new node the not-ready NoSchedule taint; the
        // node lifecycle controller (not run: no kubelet heartbeats) would lift it once the node is Ready.
        const untainted = await this.request("PATCH", `/api/v1/nodes/${name}`, { spec: { taints: null } }, "application/merge-patch+json");
        if (untainted.status !== 200) {
            throw new Error(`untaint node ${name}: ${untainted.status} ${JSON.stringify(untainted.body).slice(0, 300)}`);
        }
    }

    /**
     * What a kubelet does for a deleted pod on its node: confirms the deletion (grace period 0) once the
     * containers are gone. No kubelet runs here, so pods bound to the fake nodes would stay Terminating.
     */
    async finishTerminatingPods(namespace: string): Promise<void> {
        const pods = (await this.get(`/api/v1/namespaces/${namespace}/pods`)).items as any[];
        for (const pod of pods.filter((p) => p.metadata.deletionTimestamp)) {
            await this.request("DELETE", `/api/v1/namespaces/${namespace}/pods/${pod.metadata.name}`, { apiVersion: "v1", kind: "DeleteOptions", gracePeriodSeconds: 0 });
        }
    }

    /**
     * Deletes these namespaces (those that exist) and waits until the namespace controller has emptied and
     * removed them, confirming the deletion of pods bound to the fake nodes as a kubelet would. Pulumi does
     * not await a deleted Namespace here (skipAwait): a stack that comes up while its namespace still
     * terminates gets "namespaces not found" once the controller is done.
     */
    async removeNamespaces(names: string[], timeoutMs = 300_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const left: string[] = [];
            for (const ns of names) {
                const r = await this.request("GET", `/api/v1/namespaces/${ns}`);
                if (r.status === 404) {
                    continue;
                }
                left.push(ns);
                if (!r.body?.metadata?.deletionTimestamp) {
                    await this.request("DELETE", `/api/v1/namespaces/${ns}`);
                }
                await this.finishTerminatingPods(ns);
            }
            if (left.length === 0) {
                return;
            }
            if (Date.now() >= deadline) {
                throw new Error(`namespaces ${left.join(", ")} not gone after ${timeoutMs / 1000}s\n${this.logs()}`);
            }
            await new Promise((res) => setTimeout(res, 1000));
        }
    }

    /** Kills every process (process groups) and waits for them. */
    async stop(): Promise<void> {
        for (const p of [...this.procs].reverse()) {
            await p.stop();
        }
        running.delete(this);
    }

    /** Synchronous last resort on exit of the test process. */
    killNow(): void {
        for (const p of this.procs) {
            if (!p.gone && p.pid !== undefined) {
                killGroup(p.pid, "SIGKILL");
            }
        }
    }

    /** The last lines of every component's log, for a failing test's message. */
    logs(): string {
        return this.procs.map((p) => `--- ${p.name} (${p.gone ?? "running"})\n${p.tail(8)}`).join("\n");
    }
}

/** GET of a health endpoint (http, or https with the component's own self-signed certificate). */
function get(url: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const mod = url.startsWith("https:") ? https : http;
        const req = mod.get(url, { timeout: 5_000, rejectUnauthorized: false }, (res) => {
            let text = "";
            res.setEncoding("utf8");
            res.on("data", (c: string) => (text += c));
            res.on("end", () => resolve(text));
        });
        req.on("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
        req.on("error", reject);
    });
}
