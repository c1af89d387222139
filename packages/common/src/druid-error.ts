/**
 * Druid's HTTP error body (DruidException's JSON form), used for synchronous 4xx/5xx answers:
 * `{ error: "druidException", errorCode, persona, category, errorMessage, context }`.
 */
export interface DruidErrorBody {
  readonly error: string;
  readonly errorCode: string;
  readonly persona: 'USER' | 'ADMIN' | 'OPERATOR' | 'DEVELOPER';
  readonly category: DruidErrorCategory;
  readonly errorMessage: string;
  readonly context: Readonly<Record<string, string>>;
}

export type DruidErrorCategory = 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'UNSUPPORTED' | 'RUNTIME_FAILURE' | 'DEFENSIVE' | 'UNCATEGORIZED';

const STATUS: Record<DruidErrorCategory, number> = {
  INVALID_INPUT: 400,
  UNSUPPORTED: 501,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RUNTIME_FAILURE: 500,
  DEFENSIVE: 500,
  UNCATEGORIZED: 500,
};

/**
 * An error a caller made (bad SQL, bad spec, unknown task) or the server hit, with the HTTP status
 * it answers with. Thrown by the planner, the overlord and the embedding API; the server turns it
 * into a response.
 */
export class DruidError extends Error {
  readonly category: DruidErrorCategory;
  readonly errorCode: string;
  readonly context: Readonly<Record<string, string>>;
  constructor(category: DruidErrorCategory, errorCode: string, message: string, context: Record<string, string> = {}) {
    super(message);
    this.name = 'DruidError';
    this.category = category;
    this.errorCode = errorCode;
    this.context = context;
  }

  /** The HTTP status this error answers with. */
  get status(): number {
    return STATUS[this.category];
  }

  toJSON(): DruidErrorBody {
    return {
      error: 'druidException',
      errorCode: this.errorCode,
      persona: this.category === 'DEFENSIVE' ? 'DEVELOPER' : 'USER',
      category: this.category,
      errorMessage: this.message,
      context: this.context,
    };
  }
}

/** An invalid-input error (HTTP 400), optionally with the parser's line and column (1-based). */
export function invalidInput(message: string, position?: { line: number; column: number }): DruidError {
  const context: Record<string, string> = position ? { line: String(position.line), column: String(position.column) } : {};
  return new DruidError('INVALID_INPUT', 'invalidInput', message, context);
}

/** A not-found error (HTTP 404). */
export function notFound(message: string): DruidError {
  return new DruidError('NOT_FOUND', 'notFound', message);
}
