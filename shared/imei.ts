/** IMEIs: 15 digits, the last a Luhn check digit. Used by the backend, the renderer, tests and tools. */

/** The Luhn check digit for a string of digits (an IMEI body of 14 digits). */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  // Doubling starts at the rightmost body digit (the check digit will sit to its right).
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = body.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 14-digit body with its check digit appended. */
export function withCheckDigit(body14: string): string {
  return `${body14}${luhnCheckDigit(body14)}`;
}

/** Luhn check over digits whose last digit is the check digit. */
export function luhnValid(digits: string): boolean {
  return digits.length > 1 && luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

export function isValidImei(imei: string): boolean {
  return /^\d{15}$/.test(imei) && luhnValid(imei);
}
