import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { expect } from 'vitest';
import { DataSource } from 'typeorm';
import type { MigrationInterface } from 'typeorm';
import request from 'supertest';
import type { Response } from 'supertest';
import { ENTITIES, makeIdCardNumber } from '@zhtj/api/bootstrap';
import { createTestDatabase, dataSourceOptions, migrateDatabase, schemaObjects } from '@zhtj/api/db';
import type { DatabaseHandle } from '@zhtj/api/db';
import { createApp } from '@zhtj/api/shell';

export const ADMIN_PASSWORD = 'Admin@2026x';
export const PASSWORD = 'Passw0rd!x';

export type Json = Record<string, unknown> & { id: string };

/** The API as the tests start it on `db`: the controllable clock, no log, no demo data, `admin` with ADMIN_PASSWORD. */
export async function startApp(db: DatabaseHandle, extra: { consoleDir?: string } = {}): Promise<INestApplication> {
  const { app } = await createApp({
    ...extra,
    databaseUrl: db.url,
    embedded: db.embedded,
    controllableClock: true,
    logger: false,
    bootstrap: { adminPassword: ADMIN_PASSWORD, demoData: false },
  });
  return app;
}

/**
 * `count` apps (`startApp`) on one fresh database, as that many API processes behind the proxy
 * (replicas) share it. `close` stops them, the last started first, and drops the database.
 */
export async function appsOnOneDatabase(count: number): Promise<{ apps: INestApplication[]; close(): Promise<void> }> {
  const db = await createTestDatabase();
  const apps: INestApplication[] = [];
  const close = async () => {
    for (const app of [...apps].reverse()) await app.close();
    await db.close();
  };
  try {
    for (let i = 0; i < count; i++) apps.push(await startApp(db));
  } catch (e) {
    await close();
    throw e;
  }
  return { apps, close };
}

/** Accounts `usernames` (with PASSWORD) at the org of the admin whose `token` it is, created through `app`. */
export async function accountsAtOwnOrg(app: INestApplication, token: string, usernames: readonly string[]): Promise<void> {
  const me = await request(app.getHttpServer()).get('/api/auth/me').set('Authorization', `Bearer ${token}`);
  for (const username of usernames) {
    const res = await request(app.getHttpServer())
      .post('/api/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ username, password: PASSWORD, orgId: me.body.orgId });
    expect(res.status).toBe(201);
  }
}

/** A running API on a fresh database (TEST_DATABASE_URL, or in-memory PGlite), spoken to over HTTP. */
export class TestApi {
  private constructor(
    readonly app: INestApplication,
    private readonly closeDb: () => Promise<void>,
  ) {}

  static async start(extra: { consoleDir?: string } = {}): Promise<TestApi> {
    const db = await createTestDatabase();
    return new TestApi(await startApp(db, extra), db.close);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.closeDb();
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** Every route the API serves, read from the Express router (method in lower case). */
  routes(): { method: string; path: string }[] {
    interface Layer {
      route?: { path: string; methods: Record<string, boolean> };
    }
    const server = this.app.getHttpAdapter().getInstance() as { router?: { stack: Layer[] }; _router?: { stack: Layer[] } };
    return ((server.router ?? server._router)?.stack ?? [])
      .filter((l) => l.route)
      .flatMap((l) => Object.keys(l.route?.methods ?? {}).map((method) => ({ method, path: l.route?.path ?? '' })));
  }

  async setClock(now: string): Promise<void> {
    const res = await this.http.put('/api/test/clock').send({ now });
    if (res.status !== 200) throw new Error(`clock: ${res.status} ${JSON.stringify(res.body)}`);
  }

  async login(username: string, password = PASSWORD): Promise<Client> {
    const res = await this.http.post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return new Client(this, res.body.accessToken as string);
  }

  admin(): Promise<Client> {
    return this.login('admin', ADMIN_PASSWORD);
  }
}

/** An authenticated caller. */
export class Client {
  constructor(
    private readonly api: TestApi,
    readonly token: string,
  ) {}

  get(url: string): Promise<Response> {
    return this.api.http.get(url).set('Authorization', `Bearer ${this.token}`);
  }
  post(url: string, body?: object): Promise<Response> {
    return this.api.http
      .post(url)
      .set('Authorization', `Bearer ${this.token}`)
      .send(body ?? {});
  }
  patch(url: string, body: object): Promise<Response> {
    return this.api.http.patch(url).set('Authorization', `Bearer ${this.token}`).send(body);
  }
  put(url: string, body: object): Promise<Response> {
    return this.api.http.put(url).set('Authorization', `Bearer ${this.token}`).send(body);
  }
  delete(url: string): Promise<Response> {
    return this.api.http.delete(url).set('Authorization', `Bearer ${this.token}`);
  }

  /** POST that must succeed; returns the body. */
  async create(url: string, body: object): Promise<Json> {
    const res = await this.post(url, body);
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Json;
  }
}

let seq = 0;
/** A valid, unique ID number for test data. */
export function idCard(region = '510107', birth = '2004-03-15'): string {
  seq++;
  return makeIdCardNumber(region, birth, seq);
}

/** Expects the API error shape (API.md) with a given status and code. */
export function expectError(res: Response, status: number, code: string): void {
  const body = res.body as { statusCode?: number; code?: string; message?: string };
  if (res.status !== status || body.code !== code || body.statusCode !== status || typeof body.message !== 'string') {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
}

/** A write's answer is what a later read of the transfer shows, field for field (nothing built from stale names). */
export async function expectAnswerAsStored(reader: Client, answer: Response): Promise<void> {
  const body = answer.body as Json;
  const stored = (await reader.get(`/api/transfers/${body.id}`)).body as Json;
  for (const key of Object.keys(body)) expect({ [key]: stored[key] }).toEqual({ [key]: body[key] });
}

/** Runs `migration` down, then `without` (the schema as it was before it), then the migration up again. */
export async function withMigrationUndone(ds: DataSource, migration: MigrationInterface, without: () => Promise<void>): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await migration.down(runner);
    await without();
    await migration.up(runner);
  } finally {
    await runner.release();
  }
}

/**
 * Applies a variant of one SQL file's object (`edit` of its rendered text, libs/api/db/sql), runs
 * `variant`, then applies the file as it is again: the way to show what a line of a file is for.
 */
export async function withSqlFileVariant(
  ds: DataSource,
  file: string,
  edit: (sql: string) => string,
  variant: () => Promise<void>,
): Promise<void> {
  const object = schemaObjects().find((o) => o.file === file);
  if (!object) throw new Error(`no SQL file ${file}`);
  const changed = edit(object.sql);
  if (changed === object.sql) throw new Error(`the variant of ${file} is the file itself`);
  await ds.query(changed);
  try {
    await variant();
  } finally {
    await ds.query(object.sql);
  }
}

/** The body of a rendered SQL file's function (between `AS $$` and `$$;`), as `pg_proc.prosrc` keeps it. */
export function functionBody(file: string): string {
  const sql = schemaObjects().find((o) => o.file === file)?.sql ?? '';
  const match = /\nAS \$\$([\s\S]*)\$\$;\s*$/.exec(sql);
  if (!match) throw new Error(`no function body in ${file}`);
  return match[1] as string;
}

/** A fresh test database with every migration applied, and a data source on it over every context's entities (no API). */
export async function migratedDatabase(): Promise<{ db: DatabaseHandle; ds: DataSource }> {
  const db = await createTestDatabase();
  const ds = new DataSource(dataSourceOptions(db.url, db.embedded, ENTITIES));
  await ds.initialize();
  await migrateDatabase(ds);
  return { db, ds };
}
