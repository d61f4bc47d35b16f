/** "30 days", "1 day", "90 minutes": for error messages. */
export function formatAmount(amount: number, unit: string): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
