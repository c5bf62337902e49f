/**
 * The repayment the tariff/change rules give (docs/navixy-api-facts.md §5.4), computed client-side
 * to show before the change: `ceil(price * remainder / days_in_current_month)` in whole currency
 * units, 0 when a condition fails. The free period is not visible to the client, so the estimate
 * assumes it has passed (the server's answer is what counts).
 */
export interface RepaymentEstimate {
  amount: number;
  /** Why there is no repayment, in words; null when there is one. */
  reason: string | null;
  remainder: number;
  daysInMonth: number;
}

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

export function daysInMonthOf(date: string): number {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function estimateRepayment(input: {
  repay: boolean;
  current: { type: string; price: number } | undefined;
  tariffEndDate: string | null;
  today: string; // YYYY-MM-DD, UTC
}): RepaymentEstimate {
  const daysInMonth = daysInMonthOf(input.today);
  const none = (reason: string, remainder = 0): RepaymentEstimate => ({ amount: 0, reason, remainder, daysInMonth });
  if (!input.repay) return none('Repay is not ticked');
  if (!input.current) return none('The current plan is unknown');
  if (input.current.type !== 'monthly') return none('Only a monthly plan is repaid');
  const priceCents = Math.round(input.current.price * 100);
  if (priceCents <= 0) return none('The current plan is free');
  if (!input.tariffEndDate) return none('The current plan period has no end date');
  const remainder = Math.max(0, Math.round(dayNumber(input.tariffEndDate) - dayNumber(input.today)));
  if (remainder <= 0) return none('No paid days are left on the current plan');
  const numerator = priceCents * remainder;
  const divisor = daysInMonth * 100;
  const amount = Math.floor(numerator / divisor) + (numerator % divisor > 0 ? 1 : 0);
  return { amount, reason: null, remainder, daysInMonth };
}
