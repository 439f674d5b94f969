/** bigint columns arrive as strings; amounts are euro cents within JavaScript's safe integers. */
export function cents(value: string | number | bigint): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new RangeError(`${value} cents is out of range`);
  return number;
}
