// Types of scripts/build-node.mjs (plain JavaScript: it runs on install, before anything is built).
export declare const builtCli: string;
export declare const builtWorker: string;
export declare function buildNode(): Promise<void>;
