import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from './errors';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

export const MAX_FIELD_ERRORS = 50;

/** Bodies and queries are validated by DTO classes; failures are 400 with the offending fields. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The answer names at most MAX_FIELD_ERRORS fields: its size never grows with the input.
    exceptionFactory: (errors) => new AppError('VALIDATION_FAILED', { errors: flatten(errors).slice(0, MAX_FIELD_ERRORS) }),
  });
}

/** class-transformer `@Transform` that trims strings (names, reasons, ID numbers). */
export const trimString = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
