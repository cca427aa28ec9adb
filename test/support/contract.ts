/** The loader lives in src so that the HTTP benchmarks send the same documents. */
export { CONTRACT_DIR, contractOperationNames, op } from '../../src/bench/support/contract-operations';
