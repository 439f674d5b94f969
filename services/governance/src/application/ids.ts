const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of meetings, submissions and resolutions are UUIDs; anything else names nothing. */
export const isUuid = (value: string): boolean => UUID.test(value);
export const onlyUuids = (values: readonly string[]): string[] => values.filter(isUuid);
