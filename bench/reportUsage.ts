/** Preloaded into each process a benchmark times (`node -r ./bench/reportUsage.ts ...`): reports its usage on exit (./usage.ts). */
import { usageLine } from "./usage";

process.on("exit", () => process.stderr.write(usageLine()));
