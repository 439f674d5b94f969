/** bigint columns arrive as strings; amounts stay within JavaScript's safe integers (Cents). */
export function cents(value: string | number | bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} cents is out of range`);
  return number;
}
