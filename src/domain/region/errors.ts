import { DomainError } from '../errors.js';

/** field → what is wrong with it; every message names the rule, never the value (values may be secrets). */
export type FieldErrors = Record<string, string[]>;

/**
 * One or more region fields break their rules. Carries every broken field at once, so that the OpenAPI's
 * 400 answer can list them all in its `err` map (as Rainbond's serializer does).
 */
export class RegionFieldErrors extends DomainError {
  constructor(readonly errors: FieldErrors) {
    const fields = Object.keys(errors);
    super(
      'invalid_parameter',
      `invalid parameters: ${fields.map((f) => `${f}: ${errors[f]!.join('; ')}`).join(' | ')}`,
      { field: fields[0], fields },
    );
    this.name = 'RegionFieldErrors';
  }
}

/** The connectivity check (GET {url}/v2/show) failed: nothing was stored. */
export class RegionUnreachable extends DomainError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super('invalid_value', `connection test failed: GET ${url} did not succeed: ${reason}`, { field: 'url' });
    this.name = 'RegionUnreachable';
  }
}

/** Collects field errors and throws them together. */
export class ErrorBag {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  has(field?: string): boolean {
    return field === undefined ? Object.keys(this.errors).length > 0 : field in this.errors;
  }

  throwIfAny(): void {
    if (this.has()) throw new RegionFieldErrors(this.errors);
  }
}
