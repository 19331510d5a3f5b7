import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Answers to login challenges (captchas) in the `login_challenge` table (migration
 * LoginChallenge1765600000030), so that any replica can check an answer another one issued.
 * Checking deletes the row in the same statement: an answer is good once, right or wrong, and two
 * parallel logins cannot both use it.
 */
@Injectable()
export class LoginChallengeStore {
  private calls = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Keeps `answer` until `expiresAt`; returns the challenge's id. */
  async create(answer: string, expiresAt: Date, now: Date): Promise<string> {
    const id = randomUUID();
    await this.ds.query(`INSERT INTO login_challenge (id, answer, expires_at) VALUES ($1, $2, $3)`, [id, answer, expiresAt]);
    if (++this.calls % 100 === 0) await this.ds.query(`DELETE FROM login_challenge WHERE expires_at < $1`, [now]).catch(() => undefined);
    return id;
  }

  /** Takes the challenge away and tells whether `answer` was its answer (case-insensitive) before it expired. */
  async consume(id: string, answer: string, now: Date): Promise<boolean> {
    // In a CTE, so the driver hands back the rows (TypeORM answers a bare DELETE with [rows, count]).
    const rows: { answer: string; expires_at: Date }[] = await this.ds.query(
      `WITH used AS (DELETE FROM login_challenge WHERE id = $1 RETURNING answer, expires_at) SELECT answer, expires_at FROM used`,
      [id],
    );
    const row = rows[0];
    return !!row && row.expires_at > now && row.answer.toLowerCase() === answer.trim().toLowerCase();
  }
}
