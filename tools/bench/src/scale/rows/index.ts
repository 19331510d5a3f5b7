// The table of the national-scale bench, in the order its rows run (each row's name, goal and how
// it is measured are in its section's file). Writes run last: they change the data set's copy.
import type { Part } from '../bench';
import { autoReturn, marking } from './jobs';
import { floor, login, memberExport, memberReads, metricsReads, orgTree } from './reads';
import { approve, batchApprove, initiate, sqlAlone } from './writes';

export const TABLE: readonly Part[] = [
  floor,
  login,
  memberReads,
  memberExport,
  orgTree,
  metricsReads,
  initiate,
  approve,
  batchApprove,
  sqlAlone,
  autoReturn,
  marking,
];
