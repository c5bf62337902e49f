import { Code, errorInfo, type ErrorCode } from '../../shared/errors.js';

export interface ParameterError {
  parameter: string;
  error: string;
}

/**
 * A documented API failure. `extra` holds the documented payload next to `status`
 * (`errors` for 7, `list` for 253, `rules`/`vehicles` for 203).
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly extra: Record<string, unknown> = {},
    description?: string,
  ) {
    super(description ?? errorInfo(code).description);
  }

  static invalidParameters(errors: ParameterError[]): ApiError {
    return new ApiError(Code.InvalidParameters, { errors });
  }
}
