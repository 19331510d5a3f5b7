import { AUDIT_PERSISTENCE } from '@zhtj/api/audit';
import { AUTH_PERSISTENCE } from '@zhtj/api/auth';
import { composePersistence } from '@zhtj/api/db';
import { MEMBERS_PERSISTENCE } from '@zhtj/api/members';
import { ORGS_PERSISTENCE } from '@zhtj/api/orgs';
import { TRANSFERS_PERSISTENCE } from '@zhtj/api/transfers';
import { REGIONS_PERSISTENCE } from '@zhtj/api/regions';

/**
 * The one database as every context brings its part (issue 25): each context lists its entities
 * and their scope rules (`ContextPersistence`), and here they are composed — the entity list of
 * the data source and the scope rules `DataScope` applies (`DbModule.forRoot`).
 */
export const API_PERSISTENCE = composePersistence([
  REGIONS_PERSISTENCE,
  ORGS_PERSISTENCE,
  MEMBERS_PERSISTENCE,
  AUTH_PERSISTENCE,
  AUDIT_PERSISTENCE,
  TRANSFERS_PERSISTENCE,
]);

/** Every entity, listed explicitly (STYLE.md: globs break once the API is bundled). */
export const ENTITIES = API_PERSISTENCE.entities;
