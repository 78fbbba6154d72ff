/** A token that cannot be trusted. `reason` is for logs; clients see one message per kind. */
export class InvalidTokenError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'expired' | 'signature' | 'claims',
  ) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}
