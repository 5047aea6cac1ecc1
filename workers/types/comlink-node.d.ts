// comlink 4.4.2 ships its Node adapter without a .d.mts, so NodeNext cannot type the ESM import
// (TS7016), and the UMD build's CJS default does not type-check as callable (TS2349). This ambient
// declaration types the ESM file that actually runs. Seen by workers/ and electron/core/ (both
// tsconfigs include the workers folder).
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  /** The subset of MessagePort / Worker the adapter uses. */
  export interface NodeEndpoint {
    // Mirrors worker_threads' own signatures, which take and pass untyped message values.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    postMessage(message: any, transfer?: any[]): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    on(type: string, listener: (...args: any[]) => void, options?: object): void;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    off(type: string, listener: (...args: any[]) => void, options?: object): void;
    start?: () => void;
  }
  export default function nodeEndpoint(nep: NodeEndpoint): Endpoint;
}
