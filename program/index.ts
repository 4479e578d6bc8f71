/** The llm-d-pd program's config: stack config → the args of GkeCluster (optional) and PDStack. */
export { loadProgramConfig, ProgramConfig, readRawConfig } from "./config";
