import { Body, Controller, Get, HttpCode, Put, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import type { Response } from 'express';
import { Clock, Public } from '@zhtj/api/core';
import type { Health } from '@zhtj/shared/contract';
import { ScopedDb } from '@zhtj/api/db';

@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(private readonly db: ScopedDb) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<Health> {
    try {
      await this.db.ping();
      return { status: 'ok', db: 'up' };
    } catch {
      res.status(503);
      return { status: 'error', db: 'down' };
    }
  }
}

class ClockDto {
  @ApiProperty({ description: 'ISO-8601 instant with offset' })
  @IsISO8601({ strict: true })
  now!: string;
}

/** Exists only with `APP_CLOCK=controllable` (API.md "Time in tests"). */
@ApiTags('system')
@Controller('test/clock')
export class TestClockController {
  constructor(private readonly clock: Clock) {}

  @Public()
  @Put()
  @HttpCode(200)
  set(@Body() dto: ClockDto) {
    this.clock.set(new Date(dto.now));
    return { now: this.clock.now().toISOString() };
  }

  @Public()
  @Get()
  get() {
    return { now: this.clock.now().toISOString() };
  }
}
