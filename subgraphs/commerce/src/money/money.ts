/** Money on the wire: integer minor units and an ISO 4217 code. */
export interface Money {
  amount: number;
  currency: string;
}
