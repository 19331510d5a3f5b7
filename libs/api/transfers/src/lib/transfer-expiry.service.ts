import { Injectable } from '@nestjs/common';
import { RequestContext } from '@zhtj/api/core';
import { AutoReturnSweep } from './auto-return';
import type { SweepResult } from './auto-return';

/** §3.2.3: the 10-day automatic return on demand (the sweep also runs on its own schedule, `AutoReturnSweep`). */
@Injectable()
export class TransferExpiryService {
  constructor(private readonly sweep: AutoReturnSweep) {}

  /** §3.2.3: return every transfer due for the automatic return at the app clock's now (one process at a time). */
  expireDue(): Promise<SweepResult> {
    return this.sweep.runUnscoped();
  }

  async expireDueAsNational(): Promise<SweepResult> {
    RequestContext.nationalAdmin();
    return this.expireDue();
  }
}
