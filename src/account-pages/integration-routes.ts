import type { FastifyRequest } from 'fastify';
import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnectorService } from '../domain/account-connectors/account-connector-service.ts';
import type {
  AccountSessionService,
  CurrentAccountSession,
} from '../domain/account-sessions/account-session-service.ts';
import type { Cycle } from '../domain/cycles/cycle.ts';
import type { CycleEditService, VariableValue } from '../domain/cycles/cycle-edit-service.ts';
import type { CycleService } from '../domain/cycles/cycle-service.ts';
import { forbidden, invalid, notFound, PlugboardError } from '../domain/errors.ts';
import type { Template } from '../domain/templates/template.ts';
import type { TemplateDocument } from '../domain/templates/template-document.ts';
import type { TemplateService } from '../domain/templates/template-service.ts';
import { resolveConnectors } from '../domain/templates/template-validation.ts';
import type { HttpServer } from '../http/build-server.ts';
import type { AccountSessionCookie } from './account-session-cookie.ts';
import { requireAccountSession } from './account-session-guard.ts';
import { integrationView, launchVisibleVariables } from './integration-views.ts';

export interface IntegrationRouteDependencies {
  readonly sessions: AccountSessionService;
  readonly cookie: AccountSessionCookie;
  readonly accountConnectors: AccountConnectorService;
  readonly catalog: ConnectorCatalog;
  readonly templates: TemplateService;
  readonly cycles: CycleService;
  readonly cycleEdits: CycleEditService;
}

const ALL = { offset: 0, limit: 1000 };

/**
 * The integrations of the LAUNCH and account pages: the templates the session may see (the LAUNCH
 * tags; every template on the account page) with this account's cycle of each, and the end user's
 * switches — fill the `IsLaunchVisible` variables, switch on (install when needed, then activate),
 * switch off. Everything acts on the session's own account only.
 */
export async function integrationRoutes(
  server: HttpServer,
  deps: IntegrationRouteDependencies,
): Promise<void> {
  const session = (request: FastifyRequest) => requireAccountSession(request, deps.sessions, deps.cookie);

  async function visibleTemplates(current: CurrentAccountSession): Promise<Template[]> {
    const tags = current.launch?.tags ?? [];
    const all = (await deps.templates.list({ tag: null, ...ALL })).items;
    if (tags.length === 0) return [...all];
    const wanted = new Set(tags.map((t) => t.toLowerCase()));
    return all.filter((t) => t.tags.some((tag) => wanted.has(tag.toLowerCase())));
  }

  async function visibleTemplate(current: CurrentAccountSession, templateId: string): Promise<Template> {
    const template = (await visibleTemplates(current)).find((t) => t.id === templateId);
    if (!template) throw notFound(`Integration ${templateId} was not found.`);
    return template;
  }

  /** The account's newest cycle of a template the session may see. */
  async function cycleOf(current: CurrentAccountSession, templateId: string): Promise<Cycle | null> {
    const cycles = (await deps.cycles.list(current.accountId, ALL)).items.filter(
      (c) => c.templateId === templateId,
    );
    return cycles.sort((a, b) => b.createdAt - a.createdAt)[0] ?? null;
  }

  async function view(current: CurrentAccountSession, template: Template) {
    const release = await deps.templates.release(template.id);
    const cycle = await cycleOf(current, template.id);
    const prerequisites = cycle ? await deps.cycles.prerequisites(current.accountId, cycle.id) : [];
    const connectors = (await deps.accountConnectors.list(current.accountId, { page: 1, pageSize: 1000 }))
      .items;
    return integrationView(template, release.document, cycle, prerequisites, connectors, deps.catalog);
  }

  server.get('/account-api/integrations', async (request) => {
    const current = await session(request);
    const templates = await visibleTemplates(current);
    return Promise.all(templates.map((template) => view(current, template)));
  });

  server.post<{ Params: { templateId: string }; Body: unknown }>(
    '/account-api/integrations/:templateId/switch-on',
    async (request) => {
      const current = await session(request);
      const template = await visibleTemplate(current, request.params.templateId);
      let cycle = await cycleOf(current, template.id);
      const release = await deps.templates.release(template.id);
      // Checked before anything is installed: a refused switch leaves nothing behind.
      const values = readVariables(request.body, cycle?.document ?? release.document);
      if (!cycle) {
        // Bind each app the template needs to the account's own connection of it, if it has one.
        const installed = (await deps.accountConnectors.list(current.accountId, { page: 1, pageSize: 1000 }))
          .items;
        const bindings: Record<string, number> = {};
        for (const [key, definition] of resolveConnectors(release.document, deps.catalog)) {
          const existing = installed.find((c) => c.connectorId === definition.id);
          if (existing) bindings[key] = existing.id;
        }
        cycle = await deps.cycles.install(current.accountId, template.id, { accountConnectors: bindings });
      }
      if (cycle.status === 'Active' && values.length > 0)
        await deps.cycles.deactivate(current.accountId, cycle.id, true);
      if (values.length > 0) await deps.cycleEdits.setVariables(current.accountId, cycle.id, values);
      const unmet = await deps.cycles.prerequisites(current.accountId, cycle.id);
      if (unmet.length === 0) {
        const launch = current.launch;
        await deps.cycles.activate(current.accountId, cycle.id, {
          runOnce: launch?.runOnce ?? false,
          ...(launch?.start ? { startTime: Date.parse(launch.start) } : {}),
        });
      }
      return view(current, template);
    },
  );

  server.post<{ Params: { templateId: string } }>(
    '/account-api/integrations/:templateId/switch-off',
    async (request) => {
      const current = await session(request);
      const template = await visibleTemplate(current, request.params.templateId);
      const cycle = await cycleOf(current, template.id);
      if (cycle && cycle.status === 'Active') await deps.cycles.deactivate(current.accountId, cycle.id, true);
      return view(current, template);
    },
  );
}

/** `{Variables: {SystemName: value}}`: only variables the template shows the end user may be set. */
function readVariables(body: unknown, document: TemplateDocument): VariableValue[] {
  if (body === undefined || body === null) return [];
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('Send {"Variables": {name: value}}.');
  const given = (body as { Variables?: unknown }).Variables;
  if (given === undefined || given === null) return [];
  if (typeof given !== 'object' || Array.isArray(given))
    throw invalid('Variables must be an object of name: value.');
  const visible = new Set(launchVisibleVariables(document).map((v) => v.SystemName));
  return Object.entries(given as Record<string, unknown>).map(([name, value]) => {
    if (!visible.has(name)) throw forbidden(`'${name}' is not a setting you can change here.`);
    if (value !== null && typeof value !== 'string') throw invalid(`${name} must be text.`);
    if (typeof value === 'string' && value.length > 2000)
      throw new PlugboardError('invalid_parameter', `${name} must be at most 2000 characters.`);
    return { systemName: name, value: value === '' ? null : value };
  });
}
