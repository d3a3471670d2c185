// The words for what submitting a song again is expected to cost, in duplicate warnings.

/** Returns "about 1 credit", "about 2.5 credits", or "another charge" when no charge is known yet. */
export function describeCharge(estimatedCredits: number | null): string {
  if (estimatedCredits === null) return 'another charge';
  return `about ${estimatedCredits} ${estimatedCredits === 1 ? 'credit' : 'credits'}`;
}
