/** Picks one of the district offices. */
export function DistrictPicker({
  districts,
  value,
  onChange,
}: {
  districts: readonly { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <label className="inline-field">
      Bezirksstelle{' '}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        {districts.map((district) => (
          <option key={district.id} value={district.id}>
            {district.name}
          </option>
        ))}
      </select>
    </label>
  );
}
