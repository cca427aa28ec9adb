import { CONTRACT_DIR, loadContractOperations } from '../../bench/contract-operations';

export { CONTRACT_DIR };

const contract = loadContractOperations();

export const contractOperationNames = contract.names;

/** The named operation with every fragment it reaches, as a document string. */
export const op = contract.op;
