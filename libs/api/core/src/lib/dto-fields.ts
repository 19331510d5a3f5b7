import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { trimString } from './validation';

// The checks DTO fields share (a trimmed name, a date, a phone, a region code, a list of ids, an
// import's rows), each written once. Messages name the field as the stacked decorators did.

/**
 * Property decorators read as if stacked above a property, top first. They apply bottom-up, as
 * stacked ones do, so a failing field's messages keep their order.
 */
export function stacked(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [...decorators].reverse()) decorate(target, key);
  };
}

/** A string, trimmed, of `min`–`max` characters (names, ID numbers, reasons, notes). */
export const TrimmedLength = (min: number, max: number): PropertyDecorator => stacked(Transform(trimString), IsString(), Length(min, max));

/** YYYY-MM-DD by its form only (`field` names it in the message). */
export const IsDateText = (field: string): PropertyDecorator => Matches(/^\d{4}-\d{2}-\d{2}$/, { message: `${field} 须为 YYYY-MM-DD` });

/** YYYY-MM-DD, a day that exists. */
export const IsCalendarDate = (field: string): PropertyDecorator => stacked(IsDateText(field), IsDateString({ strict: true }));

/** A phone number as typed: 5–20 digits, spaces and + - ( ). */
export const IsPhoneText = (field: string): PropertyDecorator => Matches(/^[0-9+\-() ]{5,20}$/, { message: `${field} 格式不正确` });

/** A GB/T 2260 code: six digits. */
export const IsRegionCode = (field: string): PropertyDecorator => Matches(/^\d{6}$/, { message: `${field} 须为 6 位行政区划代码` });

/** A list of 1–`max` ids, distinct when `unique`. */
export const IsIdList = (max: number, opts: { unique?: boolean } = {}): PropertyDecorator =>
  stacked(IsArray(), ArrayMinSize(1), ArrayMaxSize(max), ...(opts.unique ? [ArrayUnique()] : []), IsUUID('all', { each: true }));

/** An import's `rows`: 1–`max` of `row`, each checked as one. */
export const ImportRows = (row: new () => object, max: number): PropertyDecorator =>
  stacked(
    ApiProperty({ type: [row], maxItems: max }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(max),
    ValidateNested({ each: true }),
    Type(() => row),
  );

/** An import's `dryRun`: true checks every row and writes nothing. */
export const DryRun = (): PropertyDecorator =>
  stacked(ApiPropertyOptional({ description: 'true: check only and write nothing', default: false }), IsOptional(), IsBoolean());
