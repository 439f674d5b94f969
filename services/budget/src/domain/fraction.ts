/**
 * Exact rational numbers over BigInt, so that the allocation arithmetic never rounds money with a
 * float: amounts are computed exactly and rounded to the cent once, by largest remainder.
 */
export class Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;

  constructor(numerator: bigint, denominator: bigint = 1n) {
    if (denominator === 0n) throw new RangeError('division by zero');
    const sign = denominator < 0n ? -1n : 1n;
    const divisor = gcd(abs(numerator), abs(denominator)) || 1n;
    this.numerator = (sign * numerator) / divisor;
    this.denominator = (sign * denominator) / divisor;
  }

  static of(value: number | bigint, denominator: number | bigint = 1): Fraction {
    return new Fraction(BigInt(value), BigInt(denominator));
  }

  static readonly ZERO = new Fraction(0n);
  static readonly ONE = new Fraction(1n);

  plus(other: Fraction): Fraction {
    return new Fraction(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  minus(other: Fraction): Fraction {
    return this.plus(new Fraction(-other.numerator, other.denominator));
  }

  times(other: Fraction): Fraction {
    return new Fraction(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  dividedBy(other: Fraction): Fraction {
    return new Fraction(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  /** The largest integer not above this value (also for negative values). */
  floor(): bigint {
    const quotient = this.numerator / this.denominator;
    return this.numerator < 0n && quotient * this.denominator !== this.numerator
      ? quotient - 1n
      : quotient;
  }

  /** What is left above the floor: in [0, 1). */
  remainder(): Fraction {
    return this.minus(new Fraction(this.floor()));
  }

  compare(other: Fraction): number {
    const difference = this.numerator * other.denominator - other.numerator * this.denominator;
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }

  equals(other: Fraction): boolean {
    return this.compare(other) === 0;
  }

  isPositive(): boolean {
    return this.numerator > 0n;
  }

  /** For display only (shares, factors), never for money. */
  toNumber(digits = 6): number {
    const scale = 10n ** BigInt(digits);
    return Number(new Fraction(this.numerator * scale, this.denominator).floor()) / Number(scale);
  }
}

export const sum = (values: readonly Fraction[]): Fraction =>
  values.reduce((total, value) => total.plus(value), Fraction.ZERO);

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/**
 * Rounds exact amounts to whole units so that they add up to `total` exactly (Hare's largest
 * remainder): every amount is rounded down, and the units still missing go, one each, to the
 * largest remainders; equal remainders are broken by key, ascending, so the result is deterministic.
 */
export function largestRemainder<K extends string>(
  amounts: readonly { key: K; value: Fraction }[],
  total: bigint,
): Map<K, bigint> {
  const floors = amounts.map((amount) => ({
    key: amount.key,
    floor: amount.value.floor(),
    remainder: amount.value.remainder(),
  }));
  const missing = total - floors.reduce((acc, entry) => acc + entry.floor, 0n);
  if (missing < 0n || missing > BigInt(amounts.length)) {
    throw new RangeError(`the amounts do not add up to ${total}: ${missing} units left to place`);
  }
  const order = [...floors].sort(
    (a, b) => b.remainder.compare(a.remainder) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  const extra = new Set(order.slice(0, Number(missing)).map((entry) => entry.key));
  return new Map(
    floors.map((entry) => [entry.key, entry.floor + (extra.has(entry.key) ? 1n : 0n)]),
  );
}
