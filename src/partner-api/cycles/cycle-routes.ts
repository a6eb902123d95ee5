import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { activateCycle } from './activate-cycle.ts';
import { createCycle } from './create-cycle.ts';
import { cyclePrerequisites } from './cycle-prerequisites.ts';
import { deactivateCycle } from './deactivate-cycle.ts';
import { deleteCycle } from './delete-cycle.ts';
import { getCycle } from './get-cycle.ts';
import { listCycles } from './list-cycles.ts';
import { listEdges } from './list-edges.ts';
import { listSteps } from './list-steps.ts';
import { listVariables } from './list-variables.ts';
import { patchVariables } from './patch-variables.ts';
import { updateCycle } from './update-cycle.ts';
import { upgradeCycle } from './upgrade-cycle.ts';

/** Cyclr's cycle API (account-scoped). */
export async function cycleRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listCycles(v1, deps);
  createCycle(v1, deps);
  getCycle(v1, deps);
  updateCycle(v1, deps);
  deleteCycle(v1, deps);
  activateCycle(v1, deps);
  deactivateCycle(v1, deps);
  cyclePrerequisites(v1, deps);
  upgradeCycle(v1, deps);
  listSteps(v1, deps);
  listEdges(v1, deps);
  listVariables(v1, deps);
  patchVariables(v1, deps);
}
